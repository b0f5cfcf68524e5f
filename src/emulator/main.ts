import { DEV_PROJECT_ID, DEV_PUBLIC_TOKEN, DEV_SECRET } from "./dev-credentials";
import { createEmulator, type EmulatorHandle } from "./emulator";

// Standalone emulator: `node dist/src/emulator/main.js` (npm run emulator). Configuration comes from the
// environment: STYTCH_EMULATOR_PORT (default 4010), STYTCH_EMULATOR_HOST (default 127.0.0.1),
// STYTCH_PROJECT_ID / STYTCH_SECRET / STYTCH_PUBLIC_TOKEN (default: the fixed development credentials).

export const DEFAULT_PORT = 4010;

export interface CliOptions {
  /** Where the banner goes (default console.log). */
  print?: (line: string) => void;
  /** Stop on SIGINT/SIGTERM (only the real command does this; in-process tests must not). */
  handleSignals?: boolean;
}

export interface RunningCli {
  emulator: EmulatorHandle;
  url: string;
  stop(): Promise<void>;
}

export async function runEmulatorCli(
  env: Record<string, string | undefined> = process.env,
  options: CliOptions = {},
): Promise<RunningCli> {
  const print = options.print ?? ((line: string) => console.log(line));
  const rawPort = env.STYTCH_EMULATOR_PORT ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`STYTCH_EMULATOR_PORT must be a port number, got "${rawPort}"`);
  }
  const projectId = env.STYTCH_PROJECT_ID || DEV_PROJECT_ID;
  const secret = env.STYTCH_SECRET || DEV_SECRET;
  const publicToken = env.STYTCH_PUBLIC_TOKEN || DEV_PUBLIC_TOKEN;
  const emulator = createEmulator({ projectId, secret, publicToken });
  const { url } = await emulator.start({ port, host: env.STYTCH_EMULATOR_HOST || "127.0.0.1" });

  const demo = emulator.demoSessions;
  print(`Stytch B2B emulator listening at ${url}`);
  print(`  project_id: ${projectId}`);
  print(`  secret:     ${secret === DEV_SECRET ? secret : "(from STYTCH_SECRET)"}`);
  print(`  public_token: ${publicToken} (GET /v1/public/sso/start)`);
  print(`  SDK:        new B2BClient({ project_id, secret, env: "${url}/" })`);
  for (const [name, s] of Object.entries(demo)) {
    print(`  demo session "${name}" (member ${s.memberId}): session_token ${s.sessionToken}`);
  }
  print(
    `  control API: ${url}/__emulator (members, sms, totp, recovery-codes, email-otp, magic-link, reset, seed, …)`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= emulator.stop());
  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      print(`Received ${signal}, stopping the emulator.`);
      void stop().then(() => process.exit(0));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  return { emulator, url, stop };
}

if (require.main === module) {
  runEmulatorCli(process.env, { handleSignals: true }).catch((err: unknown) => {
    console.error("stytch emulator failed to start:", err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
