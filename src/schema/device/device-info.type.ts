import { Field, ObjectType } from "type-graphql";
import type { DeviceAttributeDetails as DetailsDomain, DeviceInfo as Domain } from "../../stytch/types";
import { DateTime } from "../common/scalars";

@ObjectType({
  simpleResolvers: true,
  description: "Whether a device attribute was seen before for this member.",
})
export class DeviceAttributeDetails implements DetailsDomain {
  @Field(() => Boolean, { description: "True the first time this value is seen." })
  isNew!: boolean;

  @Field(() => DateTime, { nullable: true, description: "When the value was first seen." })
  firstSeenAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the value was last seen." })
  lastSeenAt!: Date | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "What Stytch's device fingerprinting knows of the device (only when a telemetryId was passed).",
})
export class DeviceInfo implements Domain {
  @Field(() => String, { description: "Stytch's id for the device." })
  visitorId!: string;

  @Field(() => DeviceAttributeDetails, { nullable: true, description: "History of the visitor id." })
  visitorIdDetails!: DeviceAttributeDetails | null;

  @Field(() => String, { nullable: true, description: "The device's IP address." })
  ipAddress!: string | null;

  @Field(() => DeviceAttributeDetails, { nullable: true, description: "History of the IP address." })
  ipAddressDetails!: DeviceAttributeDetails | null;

  @Field(() => String, { nullable: true, description: "City of the IP address." })
  ipGeoCity!: string | null;

  @Field(() => String, { nullable: true, description: "Region of the IP address." })
  ipGeoRegion!: string | null;

  @Field(() => String, { nullable: true, description: "Country of the IP address (ISO 3166-1 alpha-2)." })
  ipGeoCountry!: string | null;

  @Field(() => DeviceAttributeDetails, { nullable: true, description: "History of the country." })
  ipGeoCountryDetails!: DeviceAttributeDetails | null;
}
