/**
 * The page learns who is signed in only by asking `viewer` (it cannot read the HttpOnly cookies), so every step
 * that may have changed the session (a switch, MFA, sign-out) announces it and main.ts asks again.
 */
const EVENT = "session-changed";

export function sessionChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onSessionChanged(listener: () => void): void {
  window.addEventListener(EVENT, listener);
}
