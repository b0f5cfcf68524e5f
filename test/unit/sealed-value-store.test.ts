import { MemoryCacheStore } from "../../src/state/memory-cache-store";
import { SealedValueStore } from "../../src/state/redis/sealed-value-store";

const SNAPSHOT = JSON.stringify({
  id: "member-test-2cb81939-f087-4f57-87af-f8a74b2e413f",
  organizationId: "organization-test-83a4796e-80a5-44ea-9475-d784b2767b04",
  name: "Ada Lovelace",
  email: "ada@example.com",
  mfaPhoneNumber: "+15005550006",
  trustedMetadata: { department: "engineering", level: 3 },
  roles: ["stytch_member", "admin"],
});

describe("SealedValueStore", () => {
  it("stores what only the same secret opens, bound to its key, and reads anything else as a miss", async () => {
    const inner = new MemoryCacheStore(1_000_000);
    const sealed = new SealedValueStore(inner, "secret-one");
    await sealed.put("snapshot:member:a", SNAPSHOT, 60_000);
    const stored = (await inner.get("snapshot:member:a"))!;
    expect(stored).toMatch(/^v1\./);
    for (const clear of ["Ada", "ada@example.com", "+15005550006", "engineering"])
      expect(stored).not.toContain(clear);
    expect(await sealed.get("snapshot:member:a")).toBe(SNAPSHOT);
    expect(await new SealedValueStore(inner, "secret-two").get("snapshot:member:a")).toBeNull();
    await inner.put("snapshot:member:b", stored, 60_000);
    expect(await sealed.get("snapshot:member:b")).toBeNull();
    await inner.put("snapshot:member:c", SNAPSHOT, 60_000);
    expect(await sealed.get("snapshot:member:c")).toBeNull();
  });

  it("costs microseconds per value (measured, printed)", () => {
    const sealed = new SealedValueStore(new MemoryCacheStore(1), "secret-one");
    const rounds = 20_000;
    let box = "";
    const sealStart = performance.now();
    for (let i = 0; i < rounds; i++) box = sealed.seal("snapshot:member:a", SNAPSHOT);
    const sealUs = ((performance.now() - sealStart) * 1000) / rounds;
    const openStart = performance.now();
    for (let i = 0; i < rounds; i++) sealed.open("snapshot:member:a", box);
    const openUs = ((performance.now() - openStart) * 1000) / rounds;
    console.log(
      `${SNAPSHOT.length}-byte snapshot: seal ${sealUs.toFixed(1)} µs, open ${openUs.toFixed(1)} µs, ${box.length} bytes stored`,
    );
    // Against a Redis round trip of ~100-300 µs and a Stytch call of milliseconds; generous for a busy machine.
    expect(sealUs + openUs).toBeLessThan(500);
  });
});
