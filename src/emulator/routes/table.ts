import { listDiscoveredOrganizations } from "./discovery";
import { exchangeSession } from "./exchange";
import { getMember, searchMembers } from "./members";
import { authenticateSmsOtp, authenticateTotp, recoverWithCode, sendSmsOtp } from "./mfa";
import { getOrganization, searchOrganizations } from "./organizations";
import type { RouteDef } from "./route";
import { authenticateSession, getJwks, revokeSessions } from "./sessions";

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
];
