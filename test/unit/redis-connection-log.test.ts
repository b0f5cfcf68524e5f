import { EventEmitter } from "node:events";
import type Redis from "ioredis";
import { createManualClock } from "../../src/emulator";
import { createLogger } from "../../src/logger";
import { watchConnection } from "../../src/state/redis/connection-log";

const PASSWORD = "hunter2-redis";

function watched() {
  const lines: Array<Record<string, any>> = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
  const clock = createManualClock(1_000_000);
  const connection = new EventEmitter();
  watchConnection(connection as unknown as Redis, "command", logger, PASSWORD, clock.now);
  return { lines, clock, connection };
}

const refused = () =>
  Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:6379 (auth ${PASSWORD})`), {
    code: "ECONNREFUSED",
  });

describe("Redis connection log", () => {
  it("says why Redis went away, once, then reminds once a minute, without the password", () => {
    const { lines, clock, connection } = watched();
    // Reconnect attempts while Redis is away: a close and an error each, twice a second.
    for (let attempt = 0; attempt < 150; attempt++) {
      connection.emit("close");
      connection.emit("error", refused());
      clock.advance(500);
    }
    expect(lines.map((line) => line.msg)).toEqual([
      "redis connection lost",
      "redis still unreachable",
      "redis still unreachable",
    ]);
    expect(lines[1].err).toEqual({
      type: "Error",
      code: "ECONNREFUSED",
      message: "connect ECONNREFUSED 127.0.0.1:6379 (auth [redacted])",
    });
    expect(lines[2]).toMatchObject({ failures: expect.any(Number), downForMs: 60_000 });
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
    connection.emit("ready");
    expect(lines.at(-1)).toMatchObject({ level: 30, state: "ready", downForMs: 75_000 });
  });
});
