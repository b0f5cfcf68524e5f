import { DEV_PROJECT_ID, DEV_SECRET } from "../../src/emulator";
import { freePort, startBenchChild, startBffProcess, type ServerProcess } from "../harness/server-process";
import type { LatencyAnchorCInit } from "./children/anchor-c-main";
import type { EmulatorInit } from "./children/emulator-main";
import type { PeerInit } from "./children/peer-main";
import type { LatencyUpstreamInit } from "./children/upstream-main";
import { checkAnswers } from "./check";
import { MemberSpace, type Population } from "./members";
import { recordAnswers } from "./record";
import { anchorCSubject, graphqlSubject, type ExchangeCaller, type LatencySubject } from "./requests";

export interface LatencyStack {
  members: MemberSpace;
  upstream: ServerProcess;
  subjects: { BFF: LatencySubject; C: LatencySubject; peer: LatencySubject };
  /** The BFF's Prometheus listener (breaker state). */
  bffMetrics: string;
  caller: ExchangeCaller;
  setLatency(ms: number): Promise<void>;
  /** Another BFF as shipped, on the same upstream (the memory phase wants a fresh process). */
  startBff(name: string): Promise<{ subject: LatencySubject; metrics: string }>;
  stop(): Promise<void>;
}

/**
 * Starts the emulator (its own process), records Stytch's answers from it, starts the latency upstream, the
 * BFF, anchor C and the naive peer, each in its own process, and checks their answers before anything is
 * measured.
 */
export async function startLatencyStack(
  population: Population,
  poolConnections: number,
): Promise<LatencyStack> {
  const started: ServerProcess[] = [];
  const track = (server: ServerProcess) => (started.push(server), server);
  const stop = () => Promise.all(started.map((server) => server.stop())).then(() => undefined);
  try {
    const emulator = track(
      await startBenchChild("emulator", "../latency/children/emulator-main", [], {
        population,
      } satisfies EmulatorInit),
    );
    const members = new MemberSpace(emulator, population);
    const { answers, recorded, caller } = await recordAnswers(emulator, members);
    const upstream = track(
      await startBenchChild("upstream", "../latency/children/upstream-main", [], {
        answers,
        recorded,
        projectId: DEV_PROJECT_ID,
        population,
      } satisfies LatencyUpstreamInit),
    );
    const startBff = async (name: string) => {
      const { server, metrics } = await startShippedBff(name, upstream.origin, poolConnections);
      track(server);
      return { subject: graphqlSubject("BFF", server, population.membershipsPerPerson, caller), metrics };
    };
    const [bff, C, peer] = await startSubjects(upstream.origin, caller, startBff, track);
    const subjects = {
      BFF: bff.subject,
      C: anchorCSubject(C, population.membershipsPerPerson, caller),
      peer: graphqlSubject("peer", peer, population.membershipsPerPerson, caller),
    };
    await checkAnswers(subjects, members);
    return {
      members,
      upstream,
      subjects,
      bffMetrics: bff.metrics,
      caller,
      setLatency: async (ms) => void (await upstream.ask<number>(`latency:${ms}`)),
      startBff,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The servers under test, side by side (their start-ups overlap). */
function startSubjects(
  upstreamOrigin: string,
  caller: ExchangeCaller,
  startBff: (name: string) => Promise<{ subject: LatencySubject; metrics: string }>,
  track: (server: ServerProcess) => ServerProcess,
) {
  const credentials = { baseUrl: upstreamOrigin, projectId: DEV_PROJECT_ID, secret: DEV_SECRET };
  // Settled, not raced: a server that starts after another failed must still be tracked, and stopped.
  return settled([
    startBff("BFF"),
    startBenchChild("C", "../latency/children/anchor-c-main", [], {
      ...credentials,
      exchangeOrganizationId: caller.organizationId,
    } satisfies LatencyAnchorCInit).then(track),
    startBenchChild("peer", "../latency/children/peer-main", [], credentials satisfies PeerInit).then(track),
  ] as const);
}

/**
 * The BFF as shipped (npm start's flags, NODE_ENV=production, every limit at its default but the pool), its
 * metrics on a port we can scrape.
 */
async function startShippedBff(
  name: string,
  upstreamOrigin: string,
  poolConnections: number,
): Promise<{ server: ServerProcess; metrics: string }> {
  const metricsPort = await freePort();
  const server = await startBffProcess(name, {
    STYTCH_PROJECT_ID: DEV_PROJECT_ID,
    STYTCH_SECRET: DEV_SECRET,
    STYTCH_BASE_URL: upstreamOrigin,
    STYTCH_MAX_CONNECTIONS: String(poolConnections),
    METRICS_PORT: String(metricsPort),
    // No load balancer watches /readyz here: draining for 2 s on SIGTERM would only slow the run down.
    SHUTDOWN_DELAY_MS: "0",
  });
  return { server, metrics: `http://127.0.0.1:${metricsPort}` };
}

/** Like Promise.all, but waits for every promise before throwing the first failure. */
async function settled<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
