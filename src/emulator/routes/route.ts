import type { EmulatorContext } from "../context";
import type { Body } from "../validate";

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
}

/** A handler returns the success body without request_id/status_code; the app adds those. */
export type Handler = (ctx: EmulatorContext, req: ApiRequest) => Record<string, unknown>;

export interface RouteDef {
  method: "GET" | "POST" | "PUT" | "DELETE";
  template: string;
  handler: Handler;
  /** False only for JWKS, which jose fetches without credentials. */
  auth: boolean;
}
