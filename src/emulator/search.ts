import { errors, StytchApiError } from "./errors";
import type { Body } from "./validate";

// Stytch's search API: `query: {operator: AND|OR, operands: [{filter_name, filter_value}]}`, `limit`
// (default 100, max 1000) and an opaque `cursor`; `results_metadata.next_cursor` is null on the last page.

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** A filter turns its `filter_value` into a predicate once per request (sets built here, not per item). */
export type FilterFactory<T> = {
  kind: "strings" | "string" | "boolean";
  build: (value: never) => (item: T) => boolean;
};

export function filter<T>(
  kind: "strings",
  build: (value: string[]) => (item: T) => boolean,
): FilterFactory<T>;
export function filter<T>(kind: "string", build: (value: string) => (item: T) => boolean): FilterFactory<T>;
export function filter<T>(kind: "boolean", build: (value: boolean) => (item: T) => boolean): FilterFactory<T>;
export function filter<T>(kind: FilterFactory<T>["kind"], build: (value: never) => (item: T) => boolean) {
  return { kind, build };
}

/** Compiles `query` into a predicate; `prefix` is "organization_search" or "member_search" for error types. */
export function compileQuery<T>(
  query: unknown,
  filters: Record<string, FilterFactory<T>>,
  prefix: string,
): { predicate: (item: T) => boolean; filterNames: string[] } {
  if (query === undefined || query === null) return { predicate: () => true, filterNames: [] };
  if (typeof query !== "object" || Array.isArray(query)) throw errors.badRequest("query must be an object.");
  const { operator, operands } = query as { operator?: unknown; operands?: unknown };
  if (operator !== "AND" && operator !== "OR")
    throw errors.badRequest('query.operator must be "AND" or "OR".');
  if (operands === undefined || operands === null) return { predicate: () => true, filterNames: [] };
  if (!Array.isArray(operands)) throw errors.badRequest("query.operands must be an array.");
  const tests: ((item: T) => boolean)[] = [];
  const filterNames: string[] = [];
  for (const operand of operands as { filter_name?: unknown; filter_value?: unknown }[]) {
    const name = operand?.filter_name;
    if (name === undefined)
      throw new StytchApiError(400, `${prefix}_missing_filter_name`, "filter_name is required.");
    if (typeof name !== "string") {
      throw new StytchApiError(400, `${prefix}_filter_name_must_be_string`, "filter_name must be a string.");
    }
    const factory = filters[name];
    if (!factory) {
      throw new StytchApiError(400, `${prefix}_filter_name_not_recognized`, `Unknown filter_name "${name}".`);
    }
    const value = operand.filter_value;
    if (value === undefined || value === null) {
      throw new StytchApiError(
        400,
        `${prefix}_missing_filter_value`,
        `filter_value is required for ${name}.`,
      );
    }
    if (factory.kind === "strings" && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
      throw new StytchApiError(
        400,
        `${prefix}_expected_array_of_strings`,
        `${name} expects an array of strings.`,
      );
    }
    if (factory.kind === "string" && typeof value !== "string") {
      throw new StytchApiError(400, `${prefix}_expected_string`, `${name} expects a string.`);
    }
    if (factory.kind === "boolean" && typeof value !== "boolean") {
      throw new StytchApiError(400, `${prefix}_expected_boolean`, `${name} expects a boolean.`);
    }
    tests.push(factory.build(value as never));
    filterNames.push(name);
  }
  const predicate =
    operator === "AND"
      ? (item: T) => tests.every((t) => t(item))
      : (item: T) => tests.length === 0 || tests.some((t) => t(item));
  return { predicate, filterNames };
}

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const offset = text.startsWith("offset:") ? Number(text.slice(7)) : NaN;
  if (!Number.isInteger(offset) || offset < 0)
    throw errors.badRequest("cursor is not a valid search cursor.");
  return offset;
}

export function paginate<T>(items: T[], body: Body): { page: T[]; total: number; nextCursor: string | null } {
  const rawLimit = body.limit;
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined && rawLimit !== null && rawLimit !== 0) {
    if (typeof rawLimit !== "number" || !Number.isInteger(rawLimit) || rawLimit < 0 || rawLimit > MAX_LIMIT) {
      throw errors.badRequest(`limit must be an integer between 1 and ${MAX_LIMIT}.`);
    }
    limit = rawLimit;
  }
  const rawCursor = body.cursor;
  if (rawCursor !== undefined && rawCursor !== null && typeof rawCursor !== "string") {
    throw errors.badRequest("cursor must be a string.");
  }
  const offset = rawCursor ? decodeCursor(rawCursor) : 0;
  const page = items.slice(offset, offset + limit);
  return {
    page,
    total: items.length,
    nextCursor: offset + limit < items.length ? encodeCursor(offset + limit) : null,
  };
}
