import { listenOnLoopback } from "../../children/http-helpers";
import { runChild } from "../../children/ipc";
import type { StytchAnswers } from "../../record/stytch-fixture";
import { createCannedUpstream, type UpstreamCounts } from "../../upstream/canned-upstream";
import type { Population } from "../members";
import { Directory } from "../upstream/directory";
import { createPersonalizer, type Recorded } from "../upstream/personal-answers";

/**
 * The canned upstream with Stytch's latency: every answer leaves `latency` ms after its request ended (a
 * timer, never a busy wait), and answers about a scale member are that member's own. Queries: `counts`, and
 * `latency:<ms>` (the run changes it between phases; answers the new value).
 */
export interface LatencyUpstreamInit {
  answers: StytchAnswers;
  recorded: Recorded;
  projectId: string;
  population: Population;
}

let counts: () => UpstreamCounts = () => ({ connections: 0, requests: {} });
let latency = 0;

runChild<LatencyUpstreamInit>(
  async ({ answers, recorded, projectId, population }) => {
    const upstream = createCannedUpstream(answers, projectId, {
      latencyMs: () => latency,
      extraRoutes: {
        "POST /v1/b2b/organizations/members/search": {
          route: "members.search",
          body: recorded.membersSearch,
        },
        "POST /v1/b2b/organizations/search": {
          route: "organizations.search",
          body: recorded.organizationsSearch,
        },
      },
      personalize: createPersonalizer(recorded, new Directory(population)),
    });
    counts = upstream.counts;
    return listenOnLoopback(upstream.server);
  },
  (query) => {
    if (query === "counts") return counts();
    if (query.startsWith("latency:")) return (latency = Number(query.slice("latency:".length)));
    return null;
  },
);
