import type Redis from "ioredis";
import type { Logger } from "pino";

/** While Redis stays away, one reminder this often (each reconnect attempt would otherwise log twice). */
const REMIND_EVERY_MS = 60_000;

/**
 * Logs a connection's life without flooding: when it goes down (with why: the error's name, code and message,
 * the password taken out of it should a message ever repeat it), a reminder a minute while it stays down (how
 * many failed attempts, the last reason), and when it is ready again (after how long). Never the URL.
 */
export function watchConnection(
  redis: Redis,
  role: string,
  logger: Logger,
  password: string | undefined,
  now: () => number = Date.now,
): void {
  let downSince: number | null = null;
  let remindedAt = 0;
  let failures = 0;
  let reasonLogged = false;
  const hide = (error: Error) => {
    if (!password || !error.message.includes(password)) return error;
    const hidden = new Error(error.message.split(password).join("[redacted]"));
    return Object.assign(hidden, { name: error.name, code: (error as { code?: unknown }).code });
  };
  const down = (state: string, error?: Error) => {
    if (error) failures++;
    const at = now();
    // The first event, the first reason (a close comes before the error that says why), then a reminder.
    const due = downSince === null || (error && !reasonLogged) || at - remindedAt >= REMIND_EVERY_MS;
    if (!due) return;
    const first = downSince === null;
    downSince ??= at;
    remindedAt = at;
    reasonLogged ||= Boolean(error);
    const details = first ? { state } : { state, failures, downForMs: at - downSince };
    const message = first ? "redis connection lost" : "redis still unreachable";
    logger.warn({ redis: role, ...details, err: error && hide(error) }, message);
  };
  redis.on("error", (error: Error) => down("error", error));
  redis.on("close", () => down("closed"));
  redis.on("ready", () => {
    logger.info(
      {
        redis: role,
        state: "ready",
        ...(downSince === null ? {} : { downForMs: now() - downSince, failures }),
      },
      "redis connection",
    );
    downSince = null;
    failures = 0;
    reasonLogged = false;
  });
}
