import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";

/**
 * JSON logs. Log lines are built from chosen fields only; the redaction list is a second line of defence
 * against a token or the secret slipping into one.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "*.authorization",
          "*.cookie",
          "*.secret",
          "*.session_token",
          "*.session_jwt",
          "*.intermediate_session_token",
          "*.sessionToken",
          "*.sessionJwt",
          "*.intermediateSessionToken",
        ],
        censor: "[redacted]",
      },
      serializers: { err: (err: unknown) => err },
    },
    destination,
  );
}
