import { Field, InterfaceType } from "type-graphql";
import { DeviceInfo } from "../device/device-info.type";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";

@InterfaceType({ description: "What every answer to exchangeSession says: who, where, and on which device." })
export abstract class ExchangeOutcome {
  @Field(() => String, { description: "Stytch's request id for the exchange (quote it to Stytch support)." })
  requestId!: string;

  @Field(() => Member, { description: "The caller's member in the target organization." })
  member!: Member;

  @Field(() => Organization, { description: "The target organization." })
  organization!: Organization;

  @Field(() => DeviceInfo, {
    nullable: true,
    description: "Device fingerprint details, when a telemetryId was passed.",
  })
  device!: DeviceInfo | null;
}
