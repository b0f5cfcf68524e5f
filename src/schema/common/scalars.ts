import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";

/** RFC 3339 date-time, always UTC on output. */
export const DateTime = DateTimeResolver;
/** A free-form JSON object (Stytch metadata, claims, role source details). */
export const JSONObject = JSONObjectResolver;
