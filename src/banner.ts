import { redisTarget, type Config } from "./config";
import type { HelpLink } from "./landing/offline-fallback";

// The start-up banner: one console.log, so that a reader of the pipe gets all of it at once. With the
// embedded emulator it lists where the codes a person would receive by SMS, email or an authenticator app
// can be read, with the demo member's real ids: finishing MFA by hand needs nothing but this text.

export interface EmbeddedEmulatorInfo {
  url: string;
  /** The default port that was busy, when the emulator fell back to a free one. */
  fellBackFrom: number | null;
  demoToken: string;
  demoSessionMinutes: number;
  demoSessionExpiresAt: string;
  ada: { email: string; smsMemberId: string; totpMemberId: string };
}

export interface BannerInput {
  config: Pick<Config, "development" | "redis">;
  graphqlUrl: string;
  metricsUrl: string | null;
  embedded: EmbeddedEmulatorInfo | null;
  warnings: readonly string[];
}

export function bannerText({ config, graphqlUrl, metricsUrl, embedded, warnings }: BannerInput): string {
  const mode = config.development ? "development" : "production-safe";
  const lines = [`Stytch B2B GraphQL BFF (${mode}) ready at ${graphqlUrl}`];
  // Opened in a browser, a production-safe endpoint answers a GET with a CSRF refusal: say what to expect.
  if (!config.development)
    lines.push("  POST GraphQL there; for Apollo Sandbox in a browser, start with NODE_ENV=development");
  if (metricsUrl) lines.push(`Prometheus metrics at ${metricsUrl}`);
  lines.push(
    config.redis
      ? `Shared state (throttles, revocations, caches) in Redis at ${redisTarget(config.redis)}`
      : "State in this process's memory (set REDIS_URL to share it between replicas)",
  );
  if (embedded) lines.push(...emulatorLines(embedded));
  for (const warning of warnings) lines.push(`WARNING: ${warning}`);
  return lines.join("\n");
}

function emulatorLines(e: EmbeddedEmulatorInfo): string[] {
  const where = e.fellBackFrom
    ? `${e.url} (port ${e.fellBackFrom} was busy; set STYTCH_EMULATOR_PORT to choose one)`
    : e.url;
  return [
    `No STYTCH_PROJECT_ID / STYTCH_SECRET set: using the embedded Stytch emulator at ${where}`,
    `  Listening on loopback only; the demo tokens below are made fresh at each start.`,
    `Demo session token (Ada, Acme Corp): ${e.demoToken}`,
    `  It lasts ${e.demoSessionMinutes} minutes (until ${e.demoSessionExpiresAt}); restart to get a new one.`,
    `  In Apollo Sandbox, add the header  Authorization: Bearer ${e.demoToken}`,
    `  and run: mutation { exchangeSession(orgId: "globex") { __typename } }`,
    `Codes the emulator would have sent (GET, JSON):`,
    ...emulatorCodeLinks(e).map((l) => `  ${`${l.label}:`.padEnd(31)} ${l.url}`),
  ];
}

/** Where the codes of the demo member are read; the banner and the offline landing page list the same. */
export function emulatorCodeLinks(e: Pick<EmbeddedEmulatorInfo, "url" | "ada">): HelpLink[] {
  const control = `${e.url}/__emulator`;
  return [
    { label: "members and their MFA factors", url: `${control}/members` },
    { label: "SMS code (globex, once sent)", url: `${control}/sms/${e.ada.smsMemberId}` },
    { label: "TOTP code (umbrella)", url: `${control}/totp/${e.ada.totpMemberId}` },
    { label: "recovery codes (umbrella)", url: `${control}/recovery-codes/${e.ada.totpMemberId}` },
    { label: "email code (once sent)", url: `${control}/email-otp/${e.ada.email}` },
    { label: "all routes", url: control },
  ];
}
