import { describe, expect, it } from "vitest";
import { DIALECTS, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { AppError } from "../errors/app-error.js";
import { ApiKeys } from "./api-keys.js";

const dbs = freshMetaDbs();

describe.each(DIALECTS)("ApiKeys on %s", (dialect) => {
  it("authenticates a new key as its user, role, org and plan, and refuses it once revoked", async () => {
    const keys = new ApiKeys(await dbs.fresh(dialect));
    const org = await keys.ensureOrg("acme", "pro", "Acme Studio");
    const created = await keys.createKey("acme", "ana", "brand-admin");
    expect(created.key).toMatch(/^easel_key_[0-9a-z]{26}_[0-9a-z]{20,}$/);
    expect(await keys.authenticate(created.key)).toEqual({
      orgId: org.id,
      orgSlug: "acme",
      plan: "pro",
      settings: { diversifyPeople: false, protectedNames: "rewrite", promptInManifest: false },
      userId: created.userId,
      userName: "ana",
      role: "brand-admin",
      keyId: created.keyId,
    });
    const altered = `${created.key.slice(0, -1)}${created.key.endsWith("a") ? "b" : "a"}`;
    expect(await keys.verify(altered)).toEqual({ principal: null, guess: true });
    expect(await keys.revoke(created.keyId)).toBe(true);
    expect(await keys.authenticate(created.key)).toBeNull();
    // A revoked key sent again is refused, and is known not to be a guess (it does not use up the address's budget).
    expect(await keys.verify(created.key)).toEqual({ principal: null, guess: false });
    expect(await keys.principalOf(created.keyId)).toBeNull();
    expect(await keys.revoke("key_00000000000000000000000000")).toBe(false);
  });

  it("lists an org's keys without secrets, and revokes only within the org when one is named", async () => {
    const keys = new ApiKeys(await dbs.fresh(dialect));
    const alpha = await keys.ensureOrg("alpha");
    await keys.ensureOrg("beta");
    const ana = await keys.createKey("alpha", "ana", "admin");
    const bob = await keys.createKey("beta", "bob", "designer");
    const listed = await keys.listKeys(alpha.id);
    expect(listed).toEqual([
      {
        id: ana.keyId,
        userId: ana.userId,
        userName: "ana",
        role: "admin",
        orgSlug: "alpha",
        createdAt: expect.any(String),
        revokedAt: null,
      },
    ]);
    expect((await keys.listKeys("all")).map((k) => k.id).sort()).toEqual([ana.keyId, bob.keyId].sort());

    expect(await keys.revoke(bob.keyId, alpha.id)).toBe(false);
    expect(await keys.authenticate(bob.key)).not.toBeNull();
    expect(await keys.revoke(ana.keyId, alpha.id)).toBe(true);
    expect(await keys.authenticate(ana.key)).toBeNull();
    const [revoked] = await keys.listKeys(alpha.id);
    expect(revoked?.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Revoking again keeps the first revocation time.
    expect(await keys.revoke(ana.keyId, alpha.id)).toBe(true);
    expect((await keys.listKeys(alpha.id))[0]?.revokedAt).toBe(revoked?.revokedAt);
  });

  it("refuses a key whose secret was altered, and malformed keys", async () => {
    const keys = new ApiKeys(await dbs.fresh(dialect));
    await keys.ensureOrg("acme");
    const { key } = await keys.createKey("acme", "ana", "designer");
    const last = key.at(-1) === "a" ? "b" : "a";
    expect(await keys.authenticate(`${key.slice(0, -1)}${last}`)).toBeNull();
    expect(await keys.authenticate("easel_key_x")).toBeNull();
    expect(await keys.authenticate("")).toBeNull();
  });

  it("creates an org once, also when several nodes ask at the same moment", async () => {
    const meta = await dbs.fresh(dialect);
    const other = await dbs.another(meta);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => new ApiKeys(i % 2 ? other : meta).ensureOrg("racers", "free")),
    );
    expect(new Set(results.map((o) => o.id)).size).toBe(1);
    // An existing org keeps its plan: ensureOrg never changes it.
    expect(await new ApiKeys(meta).ensureOrg("racers", "enterprise")).toMatchObject({
      id: results[0]?.id,
      plan: "free",
    });
  });

  it("names the org field when the slug is malformed or the org is unknown", async () => {
    const keys = new ApiKeys(await dbs.fresh(dialect));
    await expect(keys.ensureOrg("Not A Slug")).rejects.toMatchObject({ code: "validation", field: "org" });
    const missing = keys.createKey("nobody", "ana", "designer");
    await expect(missing).rejects.toBeInstanceOf(AppError);
    await expect(missing).rejects.toMatchObject({ code: "not_found", field: "org" });
  });

  it("gives an existing user another key with the new role, and both keys work", async () => {
    const keys = new ApiKeys(await dbs.fresh(dialect));
    await keys.ensureOrg("acme");
    const first = await keys.createKey("acme", "ana", "designer");
    const second = await keys.createKey("acme", "ana", "admin");
    expect(second.userId).toBe(first.userId);
    expect((await keys.authenticate(first.key))?.role).toBe("admin");
    expect((await keys.authenticate(second.key))?.role).toBe("admin");
  });

  it("keeps both of two settings changed at the same time by different nodes", async () => {
    const meta = await dbs.fresh(dialect);
    const other = await dbs.another(meta);
    const keys = new ApiKeys(meta);
    await keys.ensureOrg("acme");
    const { key } = await keys.createKey("acme", "ana", "admin");
    for (let round = 0; round < 5; round++) {
      const on = round % 2 === 0;
      await Promise.all([
        keys.updateSettings("acme", { diversifyPeople: on }),
        new ApiKeys(other).updateSettings("acme", { promptInManifest: on }),
      ]);
      expect((await keys.authenticate(key))?.settings).toEqual({
        diversifyPeople: on,
        protectedNames: "rewrite",
        promptInManifest: on,
      });
    }
    await expect(keys.updateSettings("nobody", { diversifyPeople: true })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
