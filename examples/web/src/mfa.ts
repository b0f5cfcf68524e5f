import {
  CompleteMfaDocument,
  type CompleteMfaMutationVariables,
  SendMfaSmsCodeDocument,
  type ExchangeResultFragment,
  type MfaMethod,
} from "../../../client/generated/graphql";
import { client } from "./client";
import { h, labelled, render } from "./dom";
import { actionButton, actionForm } from "./form";
import { METHOD_HINTS, smsStatus } from "./mfa-hints";
import { forgetMfa, rememberMfa } from "./pending-mfa";
import { sessionChanged } from "./session-events";

type MfaChallenge = Extract<ExchangeResultFragment, { __typename: "MfaChallenge" }>;

const METHOD_LABELS: Record<MfaMethod, string> = {
  SMS_OTP: "Text message",
  TOTP: "Authenticator app",
  RECOVERY_CODE: "Recovery code",
};

/**
 * A second factor: pick a method, (for SMS) have a code sent, type it. The pending step lives in a cookie.
 * `resent`: the challenge is sendMfaSmsCode's answer, so the status says whether that sent a new code.
 */
export function showMfa(challenge: MfaChallenge, resent = false): void {
  rememberMfa(challenge);
  const { member, organization, availableMethods } = challenge;
  const method = h("select", { name: "method" });
  for (const value of availableMethods)
    method.append(h("option", { value, textContent: METHOD_LABELS[value] }));
  method.value = challenge.smsCodeSent ? "SMS_OTP" : challenge.totpRegistered ? "TOTP" : availableMethods[0];
  const hint = h("p", { className: "hint method-hint" });
  const showHint = () => (hint.textContent = METHOD_HINTS[method.value as MfaMethod] ?? "");
  method.addEventListener("change", showHint);
  showHint();
  const code = h("input", { name: "mfa-code", required: true, autocomplete: "one-time-code" });
  const ids = { orgId: organization.id, memberId: member.id };
  render(
    h("h2", {}, `${organization.name} asks for a second factor`),
    h(
      "p",
      { className: "sms-status", dataset: { resent: String(resent && challenge.smsCodeSent) } },
      smsStatus(challenge, resent),
    ),
    availableMethods.includes("SMS_OTP") &&
      actionButton(
        challenge.smsCodeSent ? "Text me a new code" : "Text me a code",
        () => sendSmsCode(ids),
        "send-sms",
      ),
    actionForm("complete-mfa", [labelled("Method", method), hint, labelled("Code", code)], "Verify", () =>
      completeMfa({ ...ids, method: method.value as MfaMethod, code: code.value }),
    ),
    // Giving up keeps the session the member had: the BFF never dropped it.
    actionButton("Cancel", async () => (forgetMfa(), sessionChanged()), "cancel"),
  );
}

// #region mfa-calls
/** Neither call passes a token: the BFF reads the pending MFA step from its HttpOnly cookie. */
async function sendSmsCode(variables: { orgId: string; memberId: string }): Promise<void> {
  const { data } = await client.mutate({ mutation: SendMfaSmsCodeDocument, variables });
  // A refused send (too soon, too many) throws RATE_LIMITED with retryAfter; the answer says what was sent.
  showMfa(data!.sendMfaSmsCode as MfaChallenge, true);
}

/** A wrong or expired code fails with MFA_CODE_INVALID; the right one rotates the session cookies. */
async function completeMfa(variables: CompleteMfaMutationVariables): Promise<void> {
  const { data } = await client.mutate({ mutation: CompleteMfaDocument, variables });
  if (data!.completeMfa.__typename !== "AuthenticatedSession") return;
  forgetMfa();
  sessionChanged();
}
// #endregion mfa-calls
