import { DEV_SECRET } from "../../src/emulator";

/** Text that must never reach a client: Stytch's own wording, its docs links, stack frames, the secret. */
export function expectNoLeak(text: string, secrets: readonly string[] = []): void {
  expect(text).not.toContain(DEV_SECRET);
  expect(text).not.toMatch(/stytch\.com\/docs/);
  expect(text).not.toMatch(/error_message|error_url|error_type/);
  expect(text).not.toMatch(/could not be found|Oops|support@stytch/i);
  expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  for (const secret of secrets) expect(text).not.toContain(secret);
}
