import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createListener } from "./app";
import { rfc3339, systemClock, type Clock } from "./clock";
import type { EmulatorContext } from "./context";
import { createControlApi, type ControlTarget } from "./control";
import { createControlSession } from "./control-sessions";
import { Delays } from "./delays";
import { FaultRegistry, validateFault, type FaultSpec } from "./faults";
import { createSigningKey } from "./jwt";
import { RequestLog, type RequestLogEntry } from "./request-log";
import { defaultSeed, demoSessionId, demoSessionToken } from "./seed";
import { mintSessionJwt } from "./sessions";
import { createStateView, type EmulatorStateView } from "./state-view";
import { Store, type SessionRecord } from "./store";
import type { EmulatorSeed, FactorSpec, JsonObject } from "./types";

// The app factory: state, keys, the HTTP listener and the control methods of one emulator instance.

export interface EmulatorOptions {
  projectId: string;
  secret: string;
  /** Data loaded at creation and by reset(); defaults to defaultSeed(). */
  seed?: EmulatorSeed;
  /** Epoch-ms clock for every expiry and timestamp; defaults to Date.now. */
  clock?: Clock;
}

export interface SessionTokens {
  sessionToken: string;
  /** A fresh JWT minted when read (valid 5 minutes from the emulator clock's now). */
  sessionJwt: string;
  memberSessionId: string;
  memberId: string;
  organizationId: string;
}

export interface CreatedSession extends SessionTokens {
  expiresAt: string;
}

export interface SmsMessage {
  memberId: string;
  organizationId: string;
  code: string;
  phoneNumber: string;
  locale: string;
  sentAt: string;
  expiresAt: string;
}

export interface EmulatorHandle {
  readonly projectId: string;
  readonly secret: string;
  /** The node:http request listener; usable with any server (start() creates one for you). */
  readonly listener: RequestListener;
  /** Base URL once started (e.g. "http://127.0.0.1:4010"), else undefined. */
  readonly url: string | undefined;
  readonly state: EmulatorStateView;
  /** Named sessions of the current seed (default seed: `ada`, `bob`), with freshly minted JWTs. */
  readonly demoSessions: Record<string, SessionTokens>;
  start(opts?: { port?: number; host?: string }): Promise<{ url: string; port: number; host: string }>;
  stop(): Promise<void>;
  /** Back to the creation seed: data, sessions, ISTs, SMS codes, faults and the request log. */
  reset(): void;
  /** Replaces all data with `data` (sessions, ISTs and SMS codes dropped; its named sessions created). */
  seed(data: EmulatorSeed): void;
  createSession(opts: {
    memberId: string;
    durationMinutes?: number;
    factors?: FactorSpec[];
    customClaims?: JsonObject;
  }): CreatedSession;
  lastSmsCode(memberId: string): SmsMessage | undefined;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  listFaults(): FaultSpec[];
}

export function createEmulator(options: EmulatorOptions): EmulatorHandle {
  if (!options.projectId || !options.secret) throw new Error("createEmulator needs projectId and secret");
  const initialSeed = structuredClone(options.seed ?? defaultSeed());
  const ctx: EmulatorContext = {
    projectId: options.projectId,
    clock: options.clock ?? systemClock,
    key: createSigningKey(),
    store: new Store(),
  };
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const delays = new Delays();
  const state = createStateView(ctx);
  let namedSessions = new Map<string, SessionRecord>();
  let server: Server | undefined;
  let url: string | undefined;

  const tokensOf = (record: SessionRecord): SessionTokens => ({
    sessionToken: record.token,
    sessionJwt: mintSessionJwt(ctx, record),
    memberSessionId: record.id,
    memberId: record.memberId,
    organizationId: record.organizationId,
  });

  /**
   * Swaps in a new store built from `data` (Store.fromSeed deep-copies it, so the seed itself is never
   * mutated and reset() can reuse it); on any error the previous data stays in place.
   */
  function load(data: EmulatorSeed): void {
    const previous = ctx.store;
    ctx.store = Store.fromSeed(data);
    try {
      const named = new Map<string, SessionRecord>();
      for (const s of data.sessions ?? []) {
        const record = createControlSession(ctx, {
          memberId: s.member_id,
          factors: s.factors,
          durationMinutes: s.duration_minutes,
          token: demoSessionToken(ctx.projectId, s.name),
          id: demoSessionId(ctx.projectId, s.name),
        });
        named.set(s.name, record);
      }
      namedSessions = named;
    } catch (err) {
      ctx.store = previous;
      throw err;
    }
  }

  const demoSessions = () => {
    const out: Record<string, SessionTokens> = {};
    for (const [name, record] of namedSessions) out[name] = tokensOf(record);
    return out;
  };

  const controls: Omit<ControlTarget, "snapshot" | "demoSessionsJson"> = {
    reset() {
      load(initialSeed);
      faults.clear();
      log.clear();
    },
    seed(data) {
      load(data);
    },
    createSession(opts) {
      const record = createControlSession(ctx, opts);
      return { ...tokensOf(record), expiresAt: rfc3339(record.expiresAt) };
    },
    lastSmsCode(memberId) {
      const sms = ctx.store.lastSms.get(memberId);
      if (!sms) return undefined;
      return {
        memberId: sms.memberId,
        organizationId: sms.organizationId,
        code: sms.code,
        phoneNumber: sms.phoneNumber,
        locale: sms.locale,
        sentAt: rfc3339(sms.sentAt),
        expiresAt: rfc3339(sms.expiresAt),
      };
    },
    requestLog: () => log.list(),
    clearRequestLog: () => log.clear(),
    injectFault: (fault) => faults.add(validateFault(fault)),
    clearFaults: () => faults.clear(),
    listFaults: () => faults.list(),
  };

  const listener = createListener({
    ctx,
    secret: options.secret,
    faults,
    log,
    delays,
    control: createControlApi({
      ...controls,
      snapshot: () => ({
        organizations: state.organizations,
        members: state.members,
        sessions: state.sessions,
        intermediate_session_count: state.intermediateSessionCount,
      }),
      demoSessionsJson: () => ({
        sessions: Object.fromEntries(
          Object.entries(demoSessions()).map(([name, t]) => [
            name,
            {
              session_token: t.sessionToken,
              session_jwt: t.sessionJwt,
              member_session_id: t.memberSessionId,
              member_id: t.memberId,
              organization_id: t.organizationId,
            },
          ]),
        ),
      }),
    }),
  });

  load(initialSeed);

  return {
    ...controls,
    projectId: options.projectId,
    secret: options.secret,
    listener,
    state,
    get url() {
      return url;
    },
    get demoSessions() {
      return demoSessions();
    },
    async start(opts = {}) {
      if (server) throw new Error("emulator already started");
      const host = opts.host ?? "127.0.0.1";
      const s = createServer({ keepAlive: true }, listener);
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(opts.port ?? 0, host, () => resolve());
      });
      server = s;
      const port = (s.address() as AddressInfo).port;
      url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      return { url, port, host };
    },
    async stop() {
      const s = server;
      server = undefined;
      url = undefined;
      delays.cancelAll();
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}
