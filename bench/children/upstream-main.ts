import type { StytchAnswers } from "../record/stytch-fixture";
import { createCannedUpstream, type UpstreamCounts } from "../upstream/canned-upstream";
import { listenOnLoopback } from "./http-helpers";
import { runChild } from "./ipc";

/** The canned upstream in its own process, so that serving it never steals the load generator's core. */
export interface UpstreamInit {
  answers: StytchAnswers;
  projectId: string;
}

let counts: () => UpstreamCounts = () => ({ connections: 0, requests: {} });

runChild<UpstreamInit>(
  async ({ answers, projectId }) => {
    const upstream = createCannedUpstream(answers, projectId);
    counts = upstream.counts;
    return listenOnLoopback(upstream.server);
  },
  (query) => (query === "counts" ? counts() : null),
);
