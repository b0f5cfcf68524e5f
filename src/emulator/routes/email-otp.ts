import { rfc3339 } from "../clock";
import { consumeEmailOtp, EMAIL_OTP_MINUTES, sendEmailOtp } from "../email-otp";
import { errors } from "../errors";
import { emailFactor, emailMethodId } from "../factors";
import { emailAddress, expirationMinutes, locale, requiredString } from "../validate";
import { discoveryAuthenticatedFields } from "./discovered-organizations";
import { emailLoginTarget, expirationFieldFor, loginOrSignupFields } from "./email-login";
import { assertIstFits, completePrimaryAuth, parsePrimaryRequest } from "./primary-auth";
import type { Handler } from "./route";

// Email one-time passcodes: discovery (no organization yet) and organization login. Codes are 6 digits,
// live 10 minutes by default, work once, and a new send to an address voids its previous code.

// POST /v1/b2b/otps/email/discovery/send. The same empty answer whether or not the address has any
// membership, as Stytch does (no account enumeration); the code is kept either way.
export const sendDiscoveryEmailOtp: Handler = (ctx, { body }) => {
  const email = emailAddress(body);
  const sendLocale = locale(body);
  const minutes = expirationMinutes(body, "discovery_expiration_minutes", EMAIL_OTP_MINUTES);
  sendEmailOtp(ctx, { emailAddress: email, organizationId: undefined, locale: sendLocale, minutes });
  return {};
};

// POST /v1/b2b/otps/email/discovery/authenticate → a discovery IST and the person's organizations.
export const authenticateDiscoveryEmailOtp: Handler = (ctx, { body }) => {
  const email = emailAddress(body);
  const code = requiredString(body, "code");
  if (!consumeEmailOtp(ctx, { emailAddress: email, organizationId: undefined, code })) {
    throw errors.otpCodeNotFound();
  }
  return discoveryAuthenticatedFields(ctx, email, emailFactor("email_otp", email, rfc3339(ctx.clock())));
};

// POST /v1/b2b/otps/email/login_or_signup: a code for an existing member of an organization that allows
// email OTP.
export const sendOrganizationEmailOtp: Handler = (ctx, { body }) => {
  const target = emailLoginTarget(ctx, body, "email_otp");
  const sendLocale = locale(body);
  const minutes = expirationMinutes(body, expirationFieldFor(target.record), EMAIL_OTP_MINUTES);
  const organizationId = target.org.organization_id;
  sendEmailOtp(ctx, { emailAddress: target.emailAddress, organizationId, locale: sendLocale, minutes });
  return loginOrSignupFields(target);
};

// POST /v1/b2b/otps/email/authenticate: the organization's answer (session, or mfa_required); with an IST
// (e.g. from a primary_required exchange) the email factor joins its factors.
export const authenticateOrganizationEmailOtp: Handler = (ctx, { body }) => {
  const { org, record, emailAddress: email } = emailLoginTarget(ctx, body, "email_otp");
  const code = requiredString(body, "code");
  const request = parsePrimaryRequest(ctx, body);
  assertIstFits(request.via, org, record);
  if (!consumeEmailOtp(ctx, { emailAddress: email, organizationId: org.organization_id, code })) {
    throw errors.otpCodeNotFound();
  }
  const factor = emailFactor("email_otp", record.member.email_address, rfc3339(ctx.clock()));
  return { method_id: emailMethodId(email), ...completePrimaryAuth(ctx, { org, record, factor, request }) };
};
