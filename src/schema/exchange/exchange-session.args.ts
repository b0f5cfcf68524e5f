import { ArgsType, Field, ID, Int } from "type-graphql";
import { BadUserInputError } from "../../errors/app-errors";

/** The locales Stytch's SMS templates support. */
export const SMS_LOCALES = ["en", "es", "pt-br", "fr", "it", "de-DE", "zh-Hans", "ca-ES"] as const;
const ORG_REFERENCE = /^[\x21-\x7e]{1,256}$/;

@ArgsType()
export class ExchangeSessionArgs {
  @Field(() => ID, { description: "The target organization: its id, slug or external id." })
  orgId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Lifetime of the new session in minutes: at least 5, at most the server's maximum (SESSION_MAX_MINUTES, " +
      "60 unless configured), which is also what omitting it gives.",
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
}

/** Rejects what Stytch would reject, before spending a rate-limited call on it. */
export function validateExchangeArgs(args: ExchangeSessionArgs): void {
  if (!ORG_REFERENCE.test(args.orgId)) {
    throw new BadUserInputError("orgId must be an organization id, slug or external id.", "orgId");
  }
  validateLocale(args.locale);
  if (args.telemetryId !== undefined && args.telemetryId !== null && !ORG_REFERENCE.test(args.telemetryId)) {
    throw new BadUserInputError("telemetryId is not a Stytch telemetry id.", "telemetryId");
  }
}

export function validateLocale(locale: string | undefined | null): void {
  if (locale === undefined || locale === null) return;
  if (!(SMS_LOCALES as readonly string[]).includes(locale)) {
    throw new BadUserInputError(`locale must be one of ${SMS_LOCALES.join(", ")}.`, "locale");
  }
}
