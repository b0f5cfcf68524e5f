import { StytchApiError } from "./errors";

// Faults injected through the control API: each applies to the next `times` API requests whose method
// (optional) and path (exact path, or route template such as /v1/b2b/organizations/{organization_id}) match.

export interface FaultSpec {
  method?: string;
  path: string;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
  /** Answer with this status and a Stytch error envelope (error_type defaults by status). */
  status?: number;
  error_type?: string;
  error_message?: string;
  /** Wait this long (wall clock) before answering; with `slow_body`, headers go out first. */
  latency_ms?: number;
  /** Send headers at once, then the real body in small chunks after `latency_ms`. */
  slow_body?: boolean;
  /** Drop the connection before any header, or after headers and part of the body. */
  reset?: "before_headers" | "during_body";
  /** Answer with an HTML body (status defaults to 502), which the SDK cannot parse. */
  non_json?: boolean;
  /** Answer with this JSON body (status defaults to 200): a wrongly shaped success. */
  body?: unknown;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

const bad = (message: string) => new StytchApiError(400, "bad_request", message);

export function validateFault(input: unknown): FaultSpec {
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw bad("A fault must be a JSON object.");
  const f = input as Record<string, unknown>;
  if (typeof f.path !== "string" || !f.path.startsWith("/"))
    throw bad("fault.path must be a path starting with /.");
  if (f.method !== undefined && typeof f.method !== "string") throw bad("fault.method must be a string.");
  if (f.times !== undefined && !(Number.isInteger(f.times) && (f.times as number) > 0)) {
    throw bad("fault.times must be a positive integer.");
  }
  if (
    f.status !== undefined &&
    !(Number.isInteger(f.status) && (f.status as number) >= 200 && (f.status as number) <= 599)
  ) {
    throw bad("fault.status must be an HTTP status between 200 and 599.");
  }
  if (
    f.latency_ms !== undefined &&
    !(typeof f.latency_ms === "number" && f.latency_ms >= 0 && f.latency_ms <= 600_000)
  ) {
    throw bad("fault.latency_ms must be between 0 and 600000.");
  }
  if (f.reset !== undefined && f.reset !== "before_headers" && f.reset !== "during_body") {
    throw bad('fault.reset must be "before_headers" or "during_body".');
  }
  for (const key of ["error_type", "error_message"]) {
    if (f[key] !== undefined && typeof f[key] !== "string") throw bad(`fault.${key} must be a string.`);
  }
  return {
    ...(f as unknown as FaultSpec),
    method: f.method === undefined ? undefined : String(f.method).toUpperCase(),
  };
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  /** The first fault matching the request, counted as used; faults are consumed in insertion order. */
  take(method: string, path: string, template: string | undefined): FaultSpec | undefined {
    const index = this.faults.findIndex(
      (f) => (f.method === undefined || f.method === method) && (f.path === path || f.path === template),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  list(): FaultSpec[] {
    return this.faults.map(({ remaining, ...spec }) => ({ ...spec, times: remaining }));
  }

  clear(): void {
    this.faults = [];
  }
}
