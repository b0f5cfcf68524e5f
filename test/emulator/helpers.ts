import { readFileSync } from "node:fs";
import { join } from "node:path";

import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { B2BClient } from "stytch";
import type { Dispatcher } from "undici";

import {
  createEmulator,
  createManualClock,
  DEV_PROJECT_ID,
  DEV_SECRET,
  type EmulatorHandle,
  type EmulatorSeed,
  type ManualClock,
} from "../../src/emulator";

// Shared test plumbing: an emulator on a loopback port with a manual clock, and an official SDK client
// whose every resolved (2xx) body is validated against the vendored Stytch OpenAPI response schemas.

const FIXTURES = join(__dirname, "..", "fixtures", "openapi");

interface Subset {
  operations: Record<string, { method: string; path: string; response: string }>;
  components: { schemas: Record<string, Record<string, unknown>> };
  "x-emulator-relaxations": { schema: string; property: string }[];
}

const subset = JSON.parse(readFileSync(join(FIXTURES, "stytch-b2b-subset.json"), "utf8")) as Subset;
const EXCHANGE_FILE_SCHEMA = "__exchange_response_schema_json";

function buildAjv() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const doc = structuredClone(subset) as Subset;
  // The verbatim exchange-response.schema.json references "#/components/schemas/..." of the OpenAPI; embed
  // it in the subset document (without its fragment-only $id) so those refs resolve, and give it the same
  // documented relaxations as the OpenAPI copy.
  const exchange = JSON.parse(readFileSync(join(FIXTURES, "exchange-response.schema.json"), "utf8"));
  delete exchange.$id;
  delete exchange.$schema;
  for (const r of subset["x-emulator-relaxations"]) {
    if (r.schema === "api_b2b_session_v1_ExchangeResponse") {
      exchange.properties[r.property] = { anyOf: [exchange.properties[r.property], { type: "null" }] };
    }
  }
  doc.components.schemas[EXCHANGE_FILE_SCHEMA] = exchange;
  ajv.addSchema(doc);
  return ajv;
}

const ajv = buildAjv();
const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
  let v = validators.get(schemaName);
  if (!v) {
    v = ajv.getSchema(`stytch-b2b-subset.json#/components/schemas/${schemaName}`);
    if (!v) throw new Error(`no schema ${schemaName}`);
    validators.set(schemaName, v);
  }
  return v;
}

/** Counts validations, so tests can prove the validating client really validated. */
export const validationStats = { count: 0 };

export function schemaErrors(operationId: string, body: unknown): string | null {
  const op = subset.operations[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  const names = [
    op.response,
    ...(operationId === "api_b2b_session_v1_Exchange" ? [EXCHANGE_FILE_SCHEMA] : []),
  ];
  for (const name of names) {
    const v = validatorFor(name);
    if (!v(body)) return `${name}: ${ajv.errorsText(v.errors)}`;
  }
  return null;
}

export function expectValidResponse(operationId: string, body: unknown): void {
  const errors = schemaErrors(operationId, body);
  if (errors) throw new Error(`response of ${operationId} does not match the OpenAPI schema: ${errors}`);
  validationStats.count++;
}

/** SDK method path -> OpenAPI operationId of the route it calls. */
const OPERATION_OF_METHOD: Record<string, string> = {
  "sessions.exchange": "api_b2b_session_v1_Exchange",
  "sessions.authenticate": "api_b2b_session_v1_Authenticate",
  "sessions.revoke": "api_b2b_session_v1_Revoke",
  "sessions.getJWKS": "api_b2b_session_v1_GetJWKS",
  "organizations.get": "api_organization_v1_Get",
  "organizations.search": "api_organization_v1_Search",
  "organizations.members.get": "api_organization_v1_organizations_members_Get",
  "organizations.members.search": "api_organization_v1_organizations_members_Search",
  "discovery.organizations.list": "api_discovery_v1_discovery_organizations_List",
  "otps.sms.send": "api_b2b_otp_v1_b2b_otp_sms_Send",
  "otps.sms.authenticate": "api_b2b_otp_v1_b2b_otp_sms_Authenticate",
  "totps.authenticate": "api_b2b_totp_v1_Authenticate",
  "recoveryCodes.recover": "api_b2b_recovery_codes_v1_Recover",
  "discovery.intermediateSessions.exchange": "api_discovery_v1_discovery_intermediate_sessions_Exchange",
  "otps.email.discovery.send": "api_b2b_otp_v1_b2b_otp_email_discovery_Send",
  "otps.email.discovery.authenticate": "api_b2b_otp_v1_b2b_otp_email_discovery_Authenticate",
  "otps.email.loginOrSignup": "api_b2b_otp_v1_b2b_otp_email_LoginOrSignup",
  "otps.email.authenticate": "api_b2b_otp_v1_b2b_otp_email_Authenticate",
  "magicLinks.email.discovery.send": "api_b2b_magic_v1_b2b_magic_links_email_discovery_Send",
  "magicLinks.discovery.authenticate": "api_b2b_magic_v1_b2b_magic_links_discovery_Authenticate",
  "magicLinks.email.loginOrSignup": "api_b2b_magic_v1_b2b_magic_links_email_LoginOrSignup",
  "magicLinks.authenticate": "api_b2b_magic_v1_Authenticate",
  "sso.authenticate": "api_sso_v1_Authenticate",
};

function validating<T extends object>(target: T, prefix = ""): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver);
      if (typeof key !== "string") return value;
      const name = `${prefix}${key}`;
      if (typeof value === "function") {
        const operationId = OPERATION_OF_METHOD[name];
        if (!operationId) return value.bind(obj);
        return async (...args: unknown[]) => {
          const result = await value.apply(obj, args);
          expectValidResponse(operationId, result);
          return result;
        };
      }
      if (value && typeof value === "object" && key !== "fetchConfig" && key !== "jwtConfig") {
        return validating(value as object, `${name}.`);
      }
      return value;
    },
  });
}

/** An official SDK client pointed at the emulator (plain HTTP via `env`), its custom-env warning silenced. */
export function sdkClient(
  url: string,
  opts: { dispatcher?: Dispatcher; projectId?: string; secret?: string; validate?: boolean } = {},
): B2BClient {
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    const client = new B2BClient({
      project_id: opts.projectId ?? DEV_PROJECT_ID,
      secret: opts.secret ?? DEV_SECRET,
      env: `${url}/`,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    return opts.validate === false ? client : validating(client);
  } finally {
    warn.mockRestore();
  }
}

export interface TestEmulator {
  emu: EmulatorHandle;
  clock: ManualClock;
  url: string;
  client: B2BClient;
  /** Clock back to real "now", then emulator reset (demo sessions re-created at that time). */
  reset(): void;
  stop(): Promise<void>;
}

const realNow = () => Math.floor(Date.now() / 1000) * 1000;

export async function startEmulator(opts: { seed?: EmulatorSeed } = {}): Promise<TestEmulator> {
  // Start at the real "now" (whole second) so JWTs verify against real time until the clock is advanced.
  const clock = createManualClock(realNow());
  const emu = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    clock: clock.now,
    seed: opts.seed,
  });
  const { url } = await emu.start({ port: 0 });
  return {
    emu,
    clock,
    url,
    client: sdkClient(url),
    reset: () => {
      clock.set(realNow());
      emu.reset();
    },
    stop: () => emu.stop(),
  };
}

/** Awaits a rejected SDK call and returns the error with Stytch's fields. */
export async function stytchError(promise: Promise<unknown>): Promise<{
  status_code: number;
  error_type: string;
  error_message: string;
  error_url: string;
  request_id: string;
  name: string;
  constructor: { name: string };
}> {
  try {
    await promise;
  } catch (err) {
    return err as never;
  }
  throw new Error("expected the call to fail");
}

export async function expectStytchError(promise: Promise<unknown>, status: number, errorType: string) {
  const err = await stytchError(promise);
  expect(err.constructor.name).toBe("StytchError");
  expect({ status: err.status_code, type: err.error_type }).toEqual({ status, type: errorType });
  expect(err.request_id).toMatch(/^request-id-test-[0-9a-f-]{36}$/);
  expect(err.error_url).toBe(`https://stytch.com/docs/api/errors/${status}`);
  expect(typeof err.error_message).toBe("string");
  return err;
}

export const MINUTE = 60_000;
