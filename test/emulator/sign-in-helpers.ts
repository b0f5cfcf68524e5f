import { DEMO, DEV_PUBLIC_TOKEN, defaultSeed, type EmulatorSeed } from "../../src/emulator";
import type { TestEmulator } from "./helpers";

// Plumbing for the sign-in tests: a seed with an organization that only allows email methods (the default
// seed's only primary_required case is SSO-only initech), and raw-HTTP drivers for the browser-facing SSO
// round trip that the SDK does not reach.

export const EMAIL_ONLY = {
  id: "organization-test-00000000-0000-4000-8000-0000000e0001",
  slug: "email-only",
  adaMemberId: "member-test-00000000-0000-4000-8000-0000000e0002",
};

/** The default seed plus `email-only` (auth RESTRICTED to email OTP and magic links), Ada active in it. */
export function seedWithEmailOnlyOrg(): EmulatorSeed {
  const seed = defaultSeed();
  const hooli = seed.organizations.find((o) => o.organization_slug === "hooli")!;
  seed.organizations.push({
    ...structuredClone(hooli),
    organization_id: EMAIL_ONLY.id,
    organization_slug: EMAIL_ONLY.slug,
    organization_name: "Email Only Inc",
    auth_methods: "RESTRICTED",
    allowed_auth_methods: ["email_otp", "magic_link"],
  });
  const adaHooli = seed.members.find((m) => m.member_id === DEMO.people.ada.members.hooli)!;
  seed.members.push({
    ...structuredClone(adaHooli),
    organization_id: EMAIL_ONLY.id,
    member_id: EMAIL_ONLY.adaMemberId,
    status: "active",
    email_address_verified: true,
  });
  return seed;
}

export interface RedirectAnswer {
  status: number;
  location: string;
  body: Record<string, unknown>;
}

/** GET /v1/public/sso/start with the dev public token unless the test passes its own, without following. */
export async function ssoStart(t: TestEmulator, params: Record<string, string>): Promise<RedirectAnswer> {
  const url = new URL("/v1/public/sso/start", t.url);
  for (const [k, v] of Object.entries({ public_token: DEV_PUBLIC_TOKEN, ...params }))
    url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: "manual" });
  return {
    status: res.status,
    location: res.headers.get("location") ?? "",
    body: (await res.json()) as Record<string, unknown>,
  };
}

/** Submits the identity provider's form (as a browser would) and returns its answer, not followed. */
export async function submitIdpForm(t: TestEmulator, idpLocation: string, email: string) {
  const res = await fetch(new URL(idpLocation, t.url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email_address: email }).toString(),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location") ?? "", html: await res.text() };
}

/** The token a redirect back to the app carries, and its `stytch_token_type`. */
export function tokenIn(location: string): { base: string; type: string | null; token: string } {
  const url = new URL(location);
  const token = url.searchParams.get("token") ?? "";
  const type = url.searchParams.get("stytch_token_type");
  return { base: `${url.origin}${url.pathname}`, type, token };
}

/** The whole browser round trip through the identity provider page: start, sign in as `email`, token back. */
export async function ssoSignIn(t: TestEmulator, params: Record<string, string>, email: string) {
  const start = await ssoStart(t, params);
  if (start.status !== 302)
    throw new Error(`SSO start answered ${start.status}: ${JSON.stringify(start.body)}`);
  const back = await submitIdpForm(t, start.location, email);
  if (back.status !== 302) throw new Error(`identity provider answered ${back.status}`);
  return tokenIn(back.location).token;
}
