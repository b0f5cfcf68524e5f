import type { IncomingMessage, ServerResponse } from "node:http";

import type { EmulatorContext } from "./context";
import { readBody } from "./http-io";
import { renderIdpErrorPage, renderIdpPage, type IdpPageModel } from "./sso-idp-page";
import { findSsoFlow, finishSsoFlow } from "./sso-sign-in";
import type { SsoFlowRecord } from "./store";
import { isEmailAddress } from "./validate";

// The stand-in identity provider that GET /v1/public/sso/start redirects the browser to: a sign-in page per
// SSO flow (GET) whose form (POST, form-encoded `email_address`) signs that person in and redirects back to
// the app with an SSO token. Not a Stytch route: no credentials, not logged, never faulted.

export const IDP_PATH_PREFIX = "/__emulator/idp/sso";

export const isIdpPath = (path: string) => path.startsWith(`${IDP_PATH_PREFIX}/`);

export function createIdpPages(ctx: EmulatorContext) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    // Read first so that keep-alive connections stay usable whatever the answer.
    const raw = req.method === "POST" ? await readBody(req) : "";
    const flow = flowOf(ctx, path.slice(IDP_PATH_PREFIX.length + 1));
    if (!flow) {
      sendHtml(res, 404, renderIdpErrorPage("Sign-in not found", "This SSO sign-in is unknown or expired."));
    } else if (req.method === "GET") {
      sendHtml(res, 200, renderIdpPage(pageModel(ctx, flow)));
    } else if (req.method === "POST") {
      signIn(ctx, res, flow, new URLSearchParams(raw).get("email_address")?.trim() ?? "");
    } else {
      sendHtml(res, 405, renderIdpErrorPage("Method not allowed", "Use GET or POST."), {
        allow: "GET, POST",
      });
    }
  };
}

function flowOf(ctx: EmulatorContext, encodedId: string): SsoFlowRecord | undefined {
  try {
    return findSsoFlow(ctx, decodeURIComponent(encodedId));
  } catch {
    return undefined; // malformed percent-encoding
  }
}

function signIn(ctx: EmulatorContext, res: ServerResponse, flow: SsoFlowRecord, email: string): void {
  if (!isEmailAddress(email)) {
    const model = { ...pageModel(ctx, flow), error: "Enter an email address.", emailAddress: email };
    sendHtml(res, 400, renderIdpPage(model));
    return;
  }
  const location = finishSsoFlow(ctx, flow, email);
  sendHtml(res, 302, renderIdpErrorPage("Signed in", `Continue to ${location}`), { location });
}

function pageModel(ctx: EmulatorContext, flow: SsoFlowRecord): IdpPageModel {
  const org = ctx.store.requireOrganization(flow.organizationId);
  const connection = org.sso_active_connections.find((c) => c.connection_id === flow.connectionId);
  return {
    organizationName: org.organization_name,
    connectionName: connection?.display_name ?? flow.connectionId,
    suggestions: ctx.store
      .membersOfOrganization(org.organization_id)
      .filter((r) => r.member.status !== "deleted")
      .map((r) => r.member.email_address),
  };
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    ...headers,
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
  });
  res.end(html);
}
