import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { Delays } from "./delays";

// start()/stop() of an emulator: one node:http server around its listener at a time.

export interface StartOptions {
  port?: number;
  host?: string;
}

export interface ServerLifecycle {
  /** Base URL while started, else undefined. */
  url(): string | undefined;
  start(opts?: StartOptions): Promise<{ url: string; port: number; host: string }>;
  stop(): Promise<void>;
}

export function createServerLifecycle(listener: RequestListener, delays: Delays): ServerLifecycle {
  let server: Server | undefined;
  let url: string | undefined;
  return {
    url: () => url,
    async start(opts = {}) {
      if (server) throw new Error("emulator already started");
      const host = opts.host ?? "127.0.0.1";
      const s = await listen(listener, opts.port ?? 0, host);
      server = s;
      const port = (s.address() as AddressInfo).port;
      url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      return { url, port, host };
    },
    async stop() {
      const s = server;
      server = undefined;
      url = undefined;
      // Pending fault latencies would otherwise keep the process alive after the server is gone.
      delays.cancelAll();
      if (s) await closeNow(s);
    },
  };
}

async function listen(listener: RequestListener, port: number, host: string): Promise<Server> {
  const s = createServer({ keepAlive: true }, listener);
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.listen(port, host, () => resolve());
  });
  return s;
}

/** Closes the server and every open connection at once, instead of waiting for clients to hang up. */
function closeNow(s: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
}
