/**
 * The current TOTP code of a member, read as a developer reads it: from the emulator's control API (the member's
 * id from `GET /__emulator/members`, then `GET /__emulator/totp/{member_id}`).
 */
export async function currentTotpCode(emulatorUrl: string, email: string, orgSlug: string): Promise<string> {
  const { members } = (await getJson(`${emulatorUrl}/__emulator/members`)) as {
    members: Array<{ member_id: string; email_address: string; organization: { slug: string } }>;
  };
  const member = members.find((m) => m.email_address === email && m.organization.slug === orgSlug);
  if (!member) throw new Error(`no member ${email} in ${orgSlug}`);
  const { code } = (await getJson(`${emulatorUrl}/__emulator/totp/${member.member_id}`)) as { code: string };
  return code;
}

async function getJson(url: string): Promise<unknown> {
  const answer = await fetch(url);
  if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
  return answer.json();
}
