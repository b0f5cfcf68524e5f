import { listDiscoveredOrganizations } from "./discovery";
import { exchangeIntermediateSession } from "./discovery-exchange";
import {
  authenticateDiscoveryEmailOtp,
  authenticateOrganizationEmailOtp,
  sendDiscoveryEmailOtp,
  sendOrganizationEmailOtp,
} from "./email-otp";
import { exchangeSession } from "./exchange";
import {
  authenticateDiscoveryMagicLink,
  authenticateOrganizationMagicLink,
  sendDiscoveryMagicLink,
  sendOrganizationMagicLink,
} from "./magic-links";
import { getMember, searchMembers } from "./members";
import { authenticateSmsOtp, authenticateTotp, recoverWithCode, sendSmsOtp } from "./mfa";
import { getOrganization, searchOrganizations } from "./organizations";
import type { RouteDef } from "./route";
import { authenticateSession, getJwks, revokeSessions } from "./sessions";
import { authenticateSso, startSso } from "./sso";

const post = (template: string, handler: RouteDef["handler"]): RouteDef => ({
  method: "POST",
  template,
  handler,
  auth: true,
});

/** Every emulated Stytch route, with Stytch's own path templates. */
export const API_ROUTES: RouteDef[] = [
  { method: "POST", template: "/v1/b2b/sessions/exchange", handler: exchangeSession, auth: true },
  { method: "POST", template: "/v1/b2b/sessions/authenticate", handler: authenticateSession, auth: true },
  { method: "POST", template: "/v1/b2b/sessions/revoke", handler: revokeSessions, auth: true },
  { method: "GET", template: "/v1/b2b/sessions/jwks/{project_id}", handler: getJwks, auth: false },
  { method: "POST", template: "/v1/b2b/organizations/search", handler: searchOrganizations, auth: true },
  {
    method: "GET",
    template: "/v1/b2b/organizations/{organization_id}",
    handler: getOrganization,
    auth: true,
  },
  {
    method: "GET",
    template: "/v1/b2b/organizations/{organization_id}/member",
    handler: getMember,
    auth: true,
  },
  { method: "POST", template: "/v1/b2b/organizations/members/search", handler: searchMembers, auth: true },
  {
    method: "POST",
    template: "/v1/b2b/discovery/organizations",
    handler: listDiscoveredOrganizations,
    auth: true,
  },
  { method: "POST", template: "/v1/b2b/otps/sms/send", handler: sendSmsOtp, auth: true },
  { method: "POST", template: "/v1/b2b/otps/sms/authenticate", handler: authenticateSmsOtp, auth: true },
  { method: "POST", template: "/v1/b2b/totp/authenticate", handler: authenticateTotp, auth: true },
  { method: "POST", template: "/v1/b2b/recovery_codes/recover", handler: recoverWithCode, auth: true },
  post("/v1/b2b/discovery/intermediate_sessions/exchange", exchangeIntermediateSession),
  post("/v1/b2b/otps/email/discovery/send", sendDiscoveryEmailOtp),
  post("/v1/b2b/otps/email/discovery/authenticate", authenticateDiscoveryEmailOtp),
  post("/v1/b2b/otps/email/login_or_signup", sendOrganizationEmailOtp),
  post("/v1/b2b/otps/email/authenticate", authenticateOrganizationEmailOtp),
  post("/v1/b2b/magic_links/email/discovery/send", sendDiscoveryMagicLink),
  post("/v1/b2b/magic_links/discovery/authenticate", authenticateDiscoveryMagicLink),
  post("/v1/b2b/magic_links/email/login_or_signup", sendOrganizationMagicLink),
  post("/v1/b2b/magic_links/authenticate", authenticateOrganizationMagicLink),
  post("/v1/b2b/sso/authenticate", authenticateSso),
  // Browser-facing: authenticated by the public_token query parameter instead of Basic auth.
  { method: "GET", template: "/v1/public/sso/start", handler: startSso, auth: false },
];
