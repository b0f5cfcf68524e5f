import type { RequestListener } from "node:http";

import { createListener } from "./app";
import { rfc3339, systemClock, type Clock } from "./clock";
import type { EmulatorContext } from "./context";
import { createControlApi, type ControlTarget } from "./control";
import { createControlSession } from "./control-sessions";
import { Delays } from "./delays";
import { DEV_PUBLIC_TOKEN } from "./dev-credentials";
import { createServerLifecycle, type StartOptions } from "./http-server";
import { FaultRegistry, validateFault, type FaultSpec } from "./faults";
import { createSigningKey } from "./jwt";
import {
  lastEmailOtp,
  lastMagicLink,
  setNextSsoSignIn,
  type EmailOtpMessage,
  type MagicLinkMessage,
} from "./outbox";
import {
  currentTotp,
  memberDirectory,
  unusedRecoveryCodes,
  type MemberDirectoryEntry,
  type RecoveryCodesView,
  type TotpCodeView,
} from "./mfa-codes";
import { RequestLog, type RequestLogEntry } from "./request-log";
import { defaultSeed, demoSessionId, demoSessionToken } from "./seed";
import { mintSessionJwt } from "./sessions";
import { createStateView, type EmulatorStateView } from "./state-view";
import { Store, type SessionRecord, type SmsRecord } from "./store";
import type { EmulatorSeed, FactorSpec, JsonObject } from "./types";

// The app factory: state, keys, the HTTP listener and the control methods of one emulator instance.

export interface EmulatorOptions {
  projectId: string;
  secret: string;
  /** Accepted by the browser-facing public routes (SSO start); defaults to DEV_PUBLIC_TOKEN. */
  publicToken?: string;
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
  readonly publicToken: string;
  /** The node:http request listener; usable with any server (start() creates one for you). */
  readonly listener: RequestListener;
  /** Base URL once started (e.g. "http://127.0.0.1:4010"), else undefined. */
  readonly url: string | undefined;
  readonly state: EmulatorStateView;
  /** Named sessions of the current seed (default seed: `ada`, `bob`), with freshly minted JWTs. */
  readonly demoSessions: Record<string, SessionTokens>;
  start(opts?: StartOptions): Promise<{ url: string; port: number; host: string }>;
  stop(): Promise<void>;
  /** Back to the creation seed: data, sessions, ISTs, codes, links, SSO tokens, faults, request log. */
  reset(): void;
  /** Replaces all data with `data` (sessions, ISTs, codes, links, SSO tokens dropped; seed sessions made). */
  seed(data: EmulatorSeed): void;
  createSession(opts: {
    memberId: string;
    durationMinutes?: number;
    factors?: FactorSpec[];
    customClaims?: JsonObject;
  }): CreatedSession;
  lastSmsCode(memberId: string): SmsMessage | undefined;
  /** The member's TOTP code at the emulator clock's now; throws a 404 StytchApiError without TOTP. */
  currentTotpCode(memberId: string): TotpCodeView;
  /** The member's recovery codes not used yet; throws a 404 StytchApiError without any. */
  unusedRecoveryCodes(memberId: string): RecoveryCodesView;
  /** Every member with its organization and MFA factors, so a person can find the ids. */
  memberDirectory(): MemberDirectoryEntry[];
  /** Last email code to the address: a discovery send, or with `organization` (id/slug) that org's send. */
  lastEmailOtp(emailAddress: string, organization?: string): EmailOtpMessage | undefined;
  /** Last magic link to the address: a discovery link, or with `organization` (id/slug) that org's link. */
  lastMagicLink(emailAddress: string, organization?: string): MagicLinkMessage | undefined;
  /** The identity provider signs `emailAddress` in on the next SSO start through the connection (no page). */
  setNextSsoSignIn(opts: { connectionId: string; emailAddress: string }): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  listFaults(): FaultSpec[];
}

export function createEmulator(options: EmulatorOptions): EmulatorHandle {
  if (!options.projectId || !options.secret) throw new Error("createEmulator needs projectId and secret");
  const initialSeed = structuredClone(options.seed ?? defaultSeed());
  const instance = createInstance(options);
  const seeds = createSeedLoader(instance.ctx);
  const controls = createControlMethods(instance, seeds, initialSeed);
  const state = createStateView(instance.ctx);
  const listener = createListener({
    ...instance,
    secret: options.secret,
    control: createControlApi({
      ...controls,
      snapshot: () => stateSnapshot(state),
      demoSessionsJson: () => demoSessionsJson(seeds.demoSessions()),
    }),
  });
  const lifecycle = createServerLifecycle(listener, instance.delays);
  seeds.load(initialSeed);
  return {
    ...controls,
    projectId: options.projectId,
    secret: options.secret,
    publicToken: instance.ctx.publicToken,
    listener,
    state,
    get url() {
      return lifecycle.url();
    },
    get demoSessions() {
      return seeds.demoSessions();
    },
    start: lifecycle.start,
    stop: lifecycle.stop,
  };
}

/** What one emulator instance owns: its data and keys, its fault queue, request log and pending delays. */
interface Instance {
  ctx: EmulatorContext;
  faults: FaultRegistry;
  log: RequestLog;
  delays: Delays;
}

function createInstance(options: EmulatorOptions): Instance {
  const ctx: EmulatorContext = {
    projectId: options.projectId,
    publicToken: options.publicToken || DEV_PUBLIC_TOKEN,
    clock: options.clock ?? systemClock,
    key: createSigningKey(),
    store: new Store(),
  };
  return { ctx, faults: new FaultRegistry(), log: new RequestLog(), delays: new Delays() };
}

/** Loads seeds into the instance and remembers the named sessions of the seed loaded last. */
interface SeedLoader {
  load(data: EmulatorSeed): void;
  demoSessions(): Record<string, SessionTokens>;
}

function createSeedLoader(ctx: EmulatorContext): SeedLoader {
  let namedSessions = new Map<string, SessionRecord>();
  return {
    /**
     * Swaps in a new store built from `data` (Store.fromSeed deep-copies it, so the seed itself is never
     * mutated and reset() can reuse it); on any error the previous data stays in place.
     */
    load(data) {
      const previous = ctx.store;
      ctx.store = Store.fromSeed(data);
      try {
        namedSessions = createNamedSessions(ctx, data);
      } catch (err) {
        ctx.store = previous;
        throw err;
      }
    },
    demoSessions() {
      const out: Record<string, SessionTokens> = {};
      for (const [name, record] of namedSessions) out[name] = tokensOf(ctx, record);
      return out;
    },
  };
}

/** The seed's named sessions, with tokens and ids derived from their names (stable across restarts). */
function createNamedSessions(ctx: EmulatorContext, data: EmulatorSeed): Map<string, SessionRecord> {
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
  return named;
}

type ControlMethods = Omit<ControlTarget, "snapshot" | "demoSessionsJson">;

/** The methods shared by the handle and the control API. */
function createControlMethods(
  instance: Instance,
  seeds: SeedLoader,
  initialSeed: EmulatorSeed,
): ControlMethods {
  const { ctx, faults, log } = instance;
  return {
    reset() {
      seeds.load(initialSeed);
      faults.clear();
      log.clear();
    },
    seed(data) {
      seeds.load(data);
    },
    createSession(opts) {
      const record = createControlSession(ctx, opts);
      return { ...tokensOf(ctx, record), expiresAt: rfc3339(record.expiresAt) };
    },
    lastSmsCode(memberId) {
      const sms = ctx.store.lastSms.get(memberId);
      return sms ? smsMessageOf(sms) : undefined;
    },
    currentTotpCode: (memberId) => currentTotp(ctx, memberId),
    unusedRecoveryCodes: (memberId) => unusedRecoveryCodes(ctx, memberId),
    memberDirectory: () => memberDirectory(ctx),
    lastEmailOtp: (emailAddress, organization) => lastEmailOtp(ctx, emailAddress, organization),
    lastMagicLink: (emailAddress, organization) => lastMagicLink(ctx, emailAddress, organization),
    setNextSsoSignIn: (opts) => setNextSsoSignIn(ctx, opts),
    requestLog: () => log.list(),
    clearRequestLog: () => log.clear(),
    injectFault: (fault) => faults.add(validateFault(fault)),
    clearFaults: () => faults.clear(),
    listFaults: () => faults.list(),
  };
}

function tokensOf(ctx: EmulatorContext, record: SessionRecord): SessionTokens {
  return {
    sessionToken: record.token,
    sessionJwt: mintSessionJwt(ctx, record),
    memberSessionId: record.id,
    memberId: record.memberId,
    organizationId: record.organizationId,
  };
}

function smsMessageOf(sms: SmsRecord): SmsMessage {
  return {
    memberId: sms.memberId,
    organizationId: sms.organizationId,
    code: sms.code,
    phoneNumber: sms.phoneNumber,
    locale: sms.locale,
    sentAt: rfc3339(sms.sentAt),
    expiresAt: rfc3339(sms.expiresAt),
  };
}

/** GET /__emulator/state. */
function stateSnapshot(state: EmulatorStateView) {
  return {
    organizations: state.organizations,
    members: state.members,
    sessions: state.sessions,
    intermediate_session_count: state.intermediateSessionCount,
  };
}

/** GET /__emulator/demo-sessions: the named sessions in the API's snake_case. */
function demoSessionsJson(sessions: Record<string, SessionTokens>) {
  const json = (t: SessionTokens) => ({
    session_token: t.sessionToken,
    session_jwt: t.sessionJwt,
    member_session_id: t.memberSessionId,
    member_id: t.memberId,
    organization_id: t.organizationId,
  });
  return {
    sessions: Object.fromEntries(Object.entries(sessions).map(([name, t]) => [name, json(t)])),
  };
}
