import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientErrorsInJson } from "./client-errors";

/** How long a client may take, how many connections it may hold: slow clients must not hold us for long. */
export interface HttpServerLimits {
  /** From a request's first byte (or the connection's opening) to the end of its headers; answered 408. */
  headersTimeoutMs: number;
  /** From the first byte of a request to the end of its body; answered 408. At least headersTimeoutMs. */
  requestTimeoutMs: number;
  /** Connections beyond this are closed as they arrive. */
  maxConnections: number;
}

/**
 * Node looks for requests past their timeouts only this often: at its default (30 s) a request could overrun
 * its timeout by that much. A pass over the open connections each second costs next to nothing.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;
/**
 * An idle keep-alive connection is closed after this long: beyond the 60 s idle timeout of common load
 * balancers, so that they close first and never send on a connection we are closing.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The node:http server every listener of the BFF uses: the limits above, refusals answered in JSON. */
export function createHttpServer(listener: RequestListener, limits: HttpServerLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    listener,
  );
  server.maxConnections = limits.maxConnections;
  answerClientErrorsInJson(server);
  return server;
}

/** Listens, and resolves with the port (the one chosen when asked for 0); a port in use is an error. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
