import type { JsonObject } from "../types";

/** Thrown when a 2xx answer lacks what Stytch's contract promises; the adapter reports it as bad_response. */
export class MalformedAnswer extends Error {
  constructor(what: string) {
    super(`malformed Stytch answer: ${what}`);
    this.name = "MalformedAnswer";
  }
}

export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new MalformedAnswer(what);
  return value as Record<string, unknown>;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new MalformedAnswer(what);
  return value;
}

/** Stytch writes "" for an unset string; the graph says null. */
export function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** For strings Stytch always sends: a missing one reads as "" instead of breaking the answer. */
export function stringOrEmpty(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function list<T>(value: unknown, map: (item: Record<string, unknown>) => T): T[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item) => typeof item === "object" && item !== null).map((item) => map(item));
}

export function optionalDate(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function requireDate(value: unknown, what: string): Date {
  const date = optionalDate(value);
  if (!date) throw new MalformedAnswer(what);
  return date;
}

export function optionalObject(value: unknown): JsonObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

/** snake_case → camelCase, deeply, for free-form sub-objects the graph exposes as JSON. */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) out[camelCase(key)] = camelizeKeys(inner);
  return out;
}

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}
