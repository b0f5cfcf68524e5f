// A small route table. Templates use Stytch's `{param}` notation; matching compares path segments, so no
// regular expression is built or run per request. Static segments win over parameters.

export interface RouteMatch<T> {
  route: T;
  template: string;
  params: Record<string, string>;
}

interface Entry<T> {
  method: string;
  template: string;
  segments: { literal: string | null; param: string | null }[];
  paramCount: number;
  route: T;
}

export interface Router<T> {
  /** `undefined` when no template matches the path; `methodNotAllowed` when only the method differs. */
  match(
    method: string,
    path: string,
  ): RouteMatch<T> | { methodNotAllowed: true; template: string } | undefined;
  /** The template a path belongs to regardless of method (for fault matching and the request log). */
  templateOf(path: string): string | undefined;
}

function splitPath(path: string): string[] {
  const segments = path.split("/");
  // "/v1/b2b/x" -> ["", "v1", "b2b", "x"]; a trailing slash leaves an empty last segment, ignore it.
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  return segments;
}

export function createRouter<T>(routes: { method: string; template: string; route: T }[]): Router<T> {
  const bySegmentCount = new Map<number, Entry<T>[]>();
  for (const r of routes) {
    const segments = splitPath(r.template).map((s) =>
      s.startsWith("{") && s.endsWith("}")
        ? { literal: null, param: s.slice(1, -1) }
        : { literal: s, param: null },
    );
    const entry: Entry<T> = {
      method: r.method,
      template: r.template,
      segments,
      paramCount: segments.filter((s) => s.param !== null).length,
      route: r.route,
    };
    const list = bySegmentCount.get(segments.length) ?? [];
    list.push(entry);
    list.sort((a, b) => a.paramCount - b.paramCount);
    bySegmentCount.set(segments.length, list);
  }

  function matchEntry(entry: Entry<T>, parts: string[]): Record<string, string> | undefined {
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const seg = entry.segments[i];
      if (seg.literal !== null) {
        if (seg.literal !== parts[i]) return undefined;
      } else {
        if (parts[i] === "") return undefined;
        try {
          params[seg.param as string] = decodeURIComponent(parts[i]);
        } catch {
          return undefined;
        }
      }
    }
    return params;
  }

  return {
    match(method, path) {
      const parts = splitPath(path);
      let otherMethod: string | undefined;
      for (const entry of bySegmentCount.get(parts.length) ?? []) {
        const params = matchEntry(entry, parts);
        if (!params) continue;
        if (entry.method === method) return { route: entry.route, template: entry.template, params };
        otherMethod ??= entry.template;
      }
      return otherMethod === undefined ? undefined : { methodNotAllowed: true, template: otherMethod };
    },
    templateOf(path) {
      const parts = splitPath(path);
      for (const entry of bySegmentCount.get(parts.length) ?? []) {
        if (matchEntry(entry, parts)) return entry.template;
      }
      return undefined;
    },
  };
}
