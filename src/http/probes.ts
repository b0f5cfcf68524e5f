import type { ServerResponse } from "node:http";
import { sendJson } from "./send-json";

export const LIVENESS_PATH = "/livez";
export const READINESS_PATH = "/readyz";
export const PROBE_PATHS: ReadonlySet<string> = new Set([LIVENESS_PATH, READINESS_PATH]);

/** Liveness and readiness for the load balancer, and the drain that fails readiness before a shutdown. */
export interface Probes {
  /** Answers /livez and /readyz and returns true; returns false, having done nothing, for any other path. */
  answer(path: string, res: ServerResponse): boolean;
  /** Readiness fails from now on (503 "draining"); the process is about to stop. */
  beginDrain(): void;
  /** Whether beginDrain was called: answers then ask clients to close their connections. */
  readonly draining: boolean;
}

/**
 * Liveness says the process answers; readiness says it wants traffic. Neither asks Stytch: an upstream outage
 * must not take every replica out of rotation (graphql-yoga's use-health-check / use-readiness-check). Nor
 * does the shared store (Redis) decide readiness: every replica shares it, so failing readiness with it would
 * take them all out at once, while each serves page loads without it (see docs/redis.md). Its state is shown
 * in the answer (`store`) for an operator.
 */
export function createProbes(storeStatus?: () => "ok" | "degraded"): Probes {
  let draining = false;
  return {
    answer(path, res) {
      if (path === LIVENESS_PATH) sendJson(res, 200, { status: "ok" });
      else if (path === READINESS_PATH)
        sendJson(res, draining ? 503 : 200, {
          status: draining ? "draining" : "ok",
          ...(storeStatus ? { store: storeStatus() } : {}),
        });
      else return false;
      return true;
    },
    beginDrain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}
