import { ArgsType, Field, ID, Int } from "type-graphql";

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
