import type { EmulatorContext } from "../context";
import type { Body } from "../validate";

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
}

/**
 * A browser-facing answer: HTTP 302 to `location`. Stytch sends such redirects with a JSON body too
 * (`{status_code: 302, request_id, redirect_url}`), which the app adds.
 */
export class Redirect {
  constructor(readonly location: string) {}
}

/** A handler returns the success body without request_id/status_code (the app adds those), or a Redirect. */
export type Handler = (ctx: EmulatorContext, req: ApiRequest) => Record<string, unknown> | Redirect;

export interface RouteDef {
  method: "GET" | "POST" | "PUT" | "DELETE";
  template: string;
  handler: Handler;
  /** False for JWKS (jose fetches it without credentials) and the public routes (checked by public token). */
  auth: boolean;
}
