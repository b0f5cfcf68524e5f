/** What the request log line and the request metrics say about one HTTP request. */
export interface RequestRecord {
  /** `mutation:exchangeSession`, `query:viewer`…: the root fields, a closed set (never the client's name). */
  operation: string;
  /** The exchange outcome's type name, "ok", or the error code the request ended with. */
  outcome: string;
  /** The GraphQL document failed to parse or validate (the HTTP request itself was well-formed). */
  documentRejected: boolean;
}

export function newRequestRecord(): RequestRecord {
  return { operation: "none", outcome: "ok", documentRejected: false };
}
