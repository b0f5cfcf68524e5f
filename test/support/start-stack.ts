import "reflect-metadata";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LogLevel } from "../../src/config";
import { answerClientErrorsInJson } from "../../src/http/client-errors";
import { createLogger } from "../../src/logger";
import { createEmulator, DEV_PROJECT_ID, DEV_SECRET, type Emulator } from "../../src/emulator";
import { DEFAULT_COOKIE_NAMES } from "../../src/auth/cookies";
import { SessionJwtVerifier } from "../../src/auth/session-jwt-verifier";
import { createServer as createBff } from "../../src/server";
import { Metrics } from "../../src/observability/metrics";
import { StytchHttpTransport } from "../../src/stytch/http-transport";
import { StytchAdapter } from "../../src/stytch/stytch-adapter";

export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  text: string;
}

export interface Stack {
  emulator: Emulator;
  url: string;
  metrics: Metrics;
  transport: StytchHttpTransport;
  logs: string[];
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  stop(): Promise<void>;
}

export interface StackOptions {
  deadlineMs?: number;
  production?: boolean;
  emulator?: Emulator;
  corsOrigins?: string[];
  breaker?: { threshold: number; cooldownMs: number };
  requestBudgetMs?: number;
  logLevel?: string;
}

/** The real thing on loopback: emulator over HTTP ← adapter (undici) ← BFF over HTTP. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = options.emulator ?? createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET });
  const { url: emulatorUrl } = await emulator.start({ port: 0 });
  const metrics = new Metrics();
  const transport = new StytchHttpTransport(
    {
      baseUrl: emulatorUrl,
      projectId: emulator.projectId,
      secret: emulator.secret,
      deadlineMs: options.deadlineMs ?? 2000,
      maxConnections: 16,
      breaker: options.breaker,
    },
    metrics,
  );
  const logs: string[] = [];
  const logger = createLogger((options.logLevel ?? "debug") as LogLevel, {
    write: (line: string) => void logs.push(line),
  });
  const bff = createBff({
    port: new StytchAdapter(transport),
    jwtVerifier: new SessionJwtVerifier({ projectId: emulator.projectId, baseUrl: emulatorUrl }),
    logger,
    production: options.production ?? false,
    development: !options.production,
    corsOrigins: options.corsOrigins ?? ["https://app.example.com"],
    cookieNames: DEFAULT_COOKIE_NAMES,
    metrics,
    requestBudgetMs: options.requestBudgetMs ?? 5000,
  });
  await bff.start();
  const server: Server = createServer(bff.handle);
  answerClientErrorsInJson(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    emulator,
    url,
    logs,
    metrics,
    transport,
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.stop();
      await transport.close();
      await emulator.stop();
    },
  };
}
