import {
  CompleteMfaDocument,
  SendMfaSmsCodeDocument,
  type ExchangeResultFragment,
  type MfaMethod,
} from "../../../client/generated/graphql";
import { client } from "./client";
import { h, labelled, render } from "./dom";
import { actionButton, actionForm } from "./form";
import { sessionChanged } from "./session-events";

type MfaChallenge = Extract<ExchangeResultFragment, { __typename: "MfaChallenge" }>;

const METHOD_LABELS: Record<MfaMethod, string> = {
  SMS_OTP: "Text message",
  TOTP: "Authenticator app",
  RECOVERY_CODE: "Recovery code",
};

/** A second factor: pick a method, (for SMS) have a code sent, type it. The pending step lives in a cookie. */
export function showMfa(challenge: MfaChallenge): void {
  const { member, organization, availableMethods } = challenge;
  const method = h("select", { name: "method" });
  for (const value of availableMethods)
    method.append(h("option", { value, textContent: METHOD_LABELS[value] }));
  method.value = challenge.smsCodeSent ? "SMS_OTP" : challenge.totpRegistered ? "TOTP" : availableMethods[0];
  const code = h("input", { name: "mfa-code", required: true, autocomplete: "one-time-code" });
  const ids = { orgId: organization.id, memberId: member.id };
  render(
    h("h2", {}, `${organization.name} asks for a second factor`),
    h("p", { className: "sms-status" }, smsStatus(challenge)),
    availableMethods.includes("SMS_OTP") &&
      actionButton(
        challenge.smsCodeSent ? "Text me a new code" : "Text me a code",
        async () => {
          const { data } = await client.mutate({ mutation: SendMfaSmsCodeDocument, variables: ids });
          showMfa(data!.sendMfaSmsCode as MfaChallenge);
        },
        "send-sms",
      ),
    actionForm("complete-mfa", [labelled("Method", method), labelled("Code", code)], "Verify", async () => {
      const variables = { ...ids, method: method.value as MfaMethod, code: code.value };
      const { data } = await client.mutate({ mutation: CompleteMfaDocument, variables });
      if (data!.completeMfa.__typename === "AuthenticatedSession") sessionChanged();
    }),
    // Giving up keeps the session the member had: the BFF never dropped it.
    actionButton("Cancel", async () => sessionChanged(), "cancel"),
  );
}

function smsStatus({ smsCodeSent, phoneNumber }: MfaChallenge): string {
  if (smsCodeSent) return `A code was texted to ${phoneNumber ?? "your phone"}.`;
  return phoneNumber ? `We can text a code to ${phoneNumber}.` : "";
}
