/** What the request log line and the request metrics say about one HTTP request. */
export interface RequestRecord {
  /** `mutation:exchangeSession`, `query:viewer`…: the root fields, a closed set (never the client's name). */
  operation: string;
  /** The exchange outcome's type name, "ok", or the error code the request ended with. */
  outcome: string;
}

export function newRequestRecord(): RequestRecord {
  return { operation: "none", outcome: "ok" };
}
