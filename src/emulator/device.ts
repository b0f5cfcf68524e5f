import { createHash } from "node:crypto";

import { rfc3339 } from "./clock";

// `member_device` is only returned when a request carries a `telemetry_id` (Stytch's device fingerprinting).
// The emulator derives a stable, documentation-range device from the id so the field can be exercised.

export function deviceFor(telemetryId: string, nowMs: number) {
  const hash = createHash("sha256").update(telemetryId).digest();
  const firstSeen = rfc3339(nowMs - (hash[0] + 1) * 86_400_000);
  const details = { is_new: false, first_seen_at: firstSeen, last_seen_at: rfc3339(nowMs) };
  return {
    visitor_id: `visitor-${hash.subarray(0, 8).toString("hex")}`,
    visitor_id_details: details,
    ip_address: `203.0.113.${hash[1] % 250}`,
    ip_address_details: details,
    ip_geo_city: "San Francisco",
    ip_geo_region: "CA",
    ip_geo_country: "US",
    ip_geo_country_details: details,
  };
}
