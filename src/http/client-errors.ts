import { randomUUID } from "node:crypto";
import type { Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { ErrorCode } from "../errors/error-code";

/** Status line and message by Node's error code; anything else the parser refuses is a malformed request. */
const REFUSALS: Record<string, [status: string, message: string]> = {
  HPE_HEADER_OVERFLOW: ["431 Request Header Fields Too Large", "Request headers too large."],
  // Headers or body not received within the server's timeouts (a slow or stalled client).
  ERR_HTTP_REQUEST_TIMEOUT: ["408 Request Timeout", "Request not received in time."],
};
const MALFORMED: [string, string] = ["400 Bad Request", "Malformed HTTP request."];

/**
 * Requests Node refuses before or while our handler runs (headers over 16 KB, malformed request lines,
 * headers or body too slow) are answered in JSON like every other refusal, not in Node's plain 400/408/431.
 */
export function answerClientErrorsInJson(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = pendingResponse(socket);
    // Once a response has begun on this socket, another cannot be written after it.
    if (!socket.writable || response?.headersSent) return socket.destroy();
    const [status, message] = REFUSALS[error.code ?? ""] ?? MALFORMED;
    // A request whose body was too slow has a response waiting: the request log, written when it closes, must
    // say what the client got.
    if (response) response.statusCode = Number.parseInt(status, 10);
    const code = ErrorCode.BAD_USER_INPUT;
    const requestId = randomUUID();
    const body = JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] });
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\nx-request-id: ${requestId}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

/** The response of the request under way on this socket, if any (`_httpMessage`, as Node's default reads). */
function pendingResponse(socket: Duplex): ServerResponse | undefined {
  return (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage ?? undefined;
}
