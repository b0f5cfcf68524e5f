import type { ServerResponse } from "node:http";
import { ErrorCode } from "../errors/error-code";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}

/** A refusal before GraphQL ran, in the same shape as a GraphQL error so clients parse one format. */
export function sendRequestError(
  res: ServerResponse,
  status: number,
  requestId: string,
  message: string,
  code: ErrorCode = ErrorCode.BAD_USER_INPUT,
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
}
