import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Requests Node's HTTP parser refuses before our handler runs (headers over 16 KB, malformed request lines)
 * are answered in JSON like every other refusal, instead of Node's bare-text 400/431.
 */
export function answerClientErrorsInJson(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
    const code = "BAD_USER_INPUT";
    const message = tooLarge ? "Request headers too large." : "Malformed HTTP request.";
    const requestId = randomUUID();
    const body = JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] });
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\nx-request-id: ${requestId}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
