/**
 * A recorded answer with named holes: cut once at start-up, filled per request by joining strings, so that
 * answering a member's own data costs the upstream a few microseconds, not a JSON round trip.
 */
export interface Template {
  /** Literal text around the holes: parts.length === slots.length + 1. */
  parts: string[];
  slots: string[];
}

/**
 * Cuts `text` at every match of each slot's pattern (a literal, or a RegExp without capturing groups, e.g.
 * with a lookahead so that "scale-org-0" does not match inside "scale-org-01"). Leftmost match wins.
 */
export function compileTemplate(text: string, patterns: Record<string, string | RegExp>): Template {
  const names = Object.keys(patterns);
  const source = (pattern: string | RegExp) =>
    typeof pattern === "string" ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern.source;
  const matcher = new RegExp(names.map((name) => `(${source(patterns[name])})`).join("|"), "g");
  const parts: string[] = [];
  const slots: string[] = [];
  let at = 0;
  for (const match of text.matchAll(matcher)) {
    parts.push(text.slice(at, match.index));
    slots.push(names[match.slice(1).findIndex((group) => group !== undefined)]);
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return { parts, slots };
}

/** The template with every hole filled from `values` (the caller escapes values for JSON where needed). */
export function render(template: Template, values: Record<string, string>): string {
  let out = template.parts[0];
  for (let i = 0; i < template.slots.length; i++) out += values[template.slots[i]] + template.parts[i + 1];
  return out;
}

/** Whether every slot was found at least once: a recording that changed shape must not go unnoticed. */
export function requireSlots(template: Template, names: readonly string[], what: string): Template {
  const missing = names.filter((name) => !template.slots.includes(name));
  if (missing.length > 0) throw new Error(`${what}: the recording has no ${missing.join(", ")}`);
  return template;
}
