/** What the BFF's breaker gauge showed while a phase ran. */
export interface BreakerWatch {
  /** Scrapes of /metrics made. */
  samples: number;
  /** The highest state any group showed (0 closed, 1 half-open, 2 open); NaN when the gauge is missing. */
  maxState: number;
  /** Groups seen half-open or open (a half-open breaker had opened). */
  opened: string[];
}

const GAUGE = /^bff_circuit_breaker_state\{group="([^"]+)"\} (\S+)$/gm;
const EVERY_MS = 100;

/**
 * Scrapes the BFF's Prometheus listener every 100 ms until stopped: the gauge holds only the current state,
 * and an open breaker stays open for its cooldown (seconds), so 100 ms sampling does not miss one.
 */
export function watchBreakers(metricsOrigin: string): { stop(): Promise<BreakerWatch> } {
  const watch: BreakerWatch = { samples: 0, maxState: NaN, opened: [] };
  let pending = Promise.resolve();
  const scrape = async () => {
    try {
      const text = await (await fetch(`${metricsOrigin}/metrics`)).text();
      watch.samples++;
      for (const [, group, value] of text.matchAll(GAUGE)) {
        const state = Number(value);
        watch.maxState = Number.isNaN(watch.maxState) ? state : Math.max(watch.maxState, state);
        if (state > 0 && !watch.opened.includes(group)) watch.opened.push(group);
      }
    } catch {
      // A missed scrape (the BFF busy past its socket's patience) leaves the last reading standing.
    }
  };
  const timer = setInterval(() => (pending = scrape()), EVERY_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
      await scrape();
      return watch;
    },
  };
}
