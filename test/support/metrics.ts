/**
 * Prometheus text, read back into numbers, so that a test asserts on values rather than on a series'
 * presence.
 */

/** Every sample of a scrape, by series (`name{label="value",…}`, labels sorted by name). */
export type Samples = Map<string, number>;

export interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  samples: Samples;
}

/** GETs a /metrics URL and parses what it serves. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    samples: parseSamples(text),
  };
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text exposition format; comment lines are skipped. */
export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(LABEL)].map(([, k, v]) => [k, v]));
    samples.set(series(match[1], labels), Number(match[3]));
  }
  return samples;
}

/** The key of one series in `Samples`. */
export function series(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => `${key}="${labels[key]}"`);
  return pairs.length > 0 ? `${name}{${pairs.join(",")}}` : name;
}

/**
 * How much a counter (or a histogram's `_count`, `_sum` or bucket) grew between two scrapes. A series not yet
 * exported counts as 0, as Prometheus client libraries export a labelled counter only once it was
 * incremented.
 */
export function growth(
  before: Samples,
  after: Samples,
  name: string,
  labels: Record<string, string> = {},
): number {
  const key = series(name, labels);
  return (after.get(key) ?? 0) - (before.get(key) ?? 0);
}
