import { Socket } from "node:net";
import { ReplyError } from "ioredis";
import type Redis from "ioredis";
import type { RedisConfig } from "../../config";

/** Redis's answers to credentials it will never take. */
const REFUSED_CREDENTIALS = /^(WRONGPASS|NOAUTH|NOPERM|ERR invalid password|ERR AUTH)/;
/** Node's codes for a TLS connection that will never succeed as configured (certificate, protocol). */
const TLS_FAILURE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;
const PROBE_MS = 1000;

/**
 * Connects, waiting at most `ms`, and says why not when it could not. Start-up goes on without a Redis that is
 * not there (calls fail fast until it is: the documented fail-safe), but not with one that is there and can
 * never be used as configured: refused credentials or a failed TLS handshake would otherwise leave a replica
 * "ready" that refuses every switch forever. Returns that reason (never the URL), or null.
 */
export async function connectFirst(redis: Redis, config: RedisConfig, ms: number): Promise<string | null> {
  let first: Error | undefined;
  const remember = (error: Error) => void (first ??= error);
  redis.on("error", remember);
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  try {
    if (await Promise.race([connected, gaveUp])) return await missingDatabase(redis, config);
  } finally {
    clearTimeout(timer);
    redis.off("error", remember);
  }
  return reasonOf(first) ?? (config.tls && (await speaksPlainRedis(config)) ? PLAIN_REDIS : null);
}

/**
 * A database number the server does not have: ioredis reports the failed SELECT as an error event and goes on
 * in database 0, whatever else lives there. Asked once, explicitly.
 */
async function missingDatabase(redis: Redis, config: RedisConfig): Promise<string | null> {
  if (!config.db) return null;
  try {
    await redis.select(config.db);
    return null;
  } catch (error) {
    if (!(error instanceof ReplyError)) return null;
    const said = (error as Error).message.split(" ").slice(0, 5).join(" ");
    return `names database ${config.db}, which Redis does not have (${said})`;
  }
}

const PLAIN_REDIS =
  "is rediss:// (TLS) but the server answers plain Redis: use redis://, or enable TLS on it";

function reasonOf(error: Error | undefined): string | null {
  if (error !== undefined && error instanceof ReplyError && REFUSED_CREDENTIALS.test(error.message))
    return `names credentials Redis refuses (${error.message.split(" ")[0]})`;
  const code = String((error as { code?: unknown } | undefined)?.code ?? "");
  if (TLS_FAILURE.test(code)) return `leads to a TLS connection that fails (${code})`;
  return null;
}

/** A TLS client to a plain Redis waits for a handshake that never comes; a plain PING tells it apart. */
function speaksPlainRedis(config: RedisConfig): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (plain: boolean) => {
      socket.destroy();
      resolve(plain);
    };
    socket.setTimeout(PROBE_MS, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(/^[+-]/.test(data.toString())));
    socket.connect(config.port, config.host, () => socket.write("PING\r\n"));
  });
}
