import { ArgsType, Field, ID, Int } from "type-graphql";
import type { JsonObject } from "../../stytch/types";
import { BadUserInputError } from "../../errors/app-errors";
import { JSONObject } from "../common/scalars";

/** Stytch's bounds for session_duration_minutes: 5 minutes to 366 days. */
export const SESSION_DURATION_MINUTES = { min: 5, max: 527_040 } as const;
/** The locales Stytch's SMS templates support. */
export const SMS_LOCALES = ["en", "es", "pt-br", "fr", "it", "de-DE", "zh-Hans", "ca-ES"] as const;
const MAX_CUSTOM_CLAIMS_BYTES = 4096;
const RESERVED_CLAIMS = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]);
const ORG_REFERENCE = /^[\x21-\x7e]{1,256}$/;

@ArgsType()
export class ExchangeSessionArgs {
  @Field(() => ID, { description: "The target organization: its id, slug or external id." })
  orgId!: string;

  @Field(() => Int, {
    nullable: true,
    description: "Lifetime of the new session in minutes (5 to 527040; Stytch's default is 60).",
  })
  sessionDurationMinutes?: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Language of an SMS code the exchange may send: en, es, pt-br, fr, it, de-DE, zh-Hans, ca-ES.",
  })
  locale?: string;

  @Field(() => String, { nullable: true, description: "A Stytch device fingerprinting telemetry id." })
  telemetryId?: string;

  @Field(() => JSONObject, {
    nullable: true,
    description: "Custom claims for the new session (at most 4 KB; registered JWT claims are not allowed).",
  })
  customClaims?: JsonObject;
}

/** Rejects what Stytch would reject, before spending a rate-limited call on it. */
export function validateExchangeArgs(args: ExchangeSessionArgs): void {
  if (!ORG_REFERENCE.test(args.orgId)) {
    throw new BadUserInputError("orgId must be an organization id, slug or external id.", "orgId");
  }
  validateSessionDuration(args.sessionDurationMinutes);
  validateLocale(args.locale);
  if (args.telemetryId !== undefined && args.telemetryId !== null && !ORG_REFERENCE.test(args.telemetryId)) {
    throw new BadUserInputError("telemetryId is not a Stytch telemetry id.", "telemetryId");
  }
  if (args.customClaims) validateCustomClaims(args.customClaims);
}

export function validateLocale(locale: string | undefined | null): void {
  if (locale === undefined || locale === null) return;
  if (!(SMS_LOCALES as readonly string[]).includes(locale)) {
    throw new BadUserInputError(`locale must be one of ${SMS_LOCALES.join(", ")}.`, "locale");
  }
}

export function validateSessionDuration(minutes: number | undefined | null): void {
  if (minutes === undefined || minutes === null) return;
  if (minutes < SESSION_DURATION_MINUTES.min || minutes > SESSION_DURATION_MINUTES.max) {
    throw new BadUserInputError(
      `sessionDurationMinutes must be between ${SESSION_DURATION_MINUTES.min} and ${SESSION_DURATION_MINUTES.max}.`,
      "sessionDurationMinutes",
    );
  }
}

function validateCustomClaims(claims: JsonObject): void {
  const reserved = Object.keys(claims).filter(
    (key) => RESERVED_CLAIMS.has(key) || key.startsWith("https://stytch.com/"),
  );
  if (reserved.length > 0) {
    throw new BadUserInputError(`customClaims may not set ${reserved.join(", ")}.`, "customClaims");
  }
  if (Buffer.byteLength(JSON.stringify(claims)) > MAX_CUSTOM_CLAIMS_BYTES) {
    throw new BadUserInputError("customClaims must be at most 4 KB.", "customClaims");
  }
}
