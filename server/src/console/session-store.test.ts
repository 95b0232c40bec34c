import { describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import type { Principal } from "../auth/principal.js";
import { DIALECTS, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { SessionStore } from "./session-store.js";

const dbs = freshMetaDbs();

describe.each(DIALECTS)("console sessions on %s", (dialect) => {
  async function signedIn(now: () => number = Date.now) {
    const db = await dbs.fresh(dialect);
    const keys = new ApiKeys(db);
    await keys.ensureOrg("acme", "pro");
    const { key, keyId } = await keys.createKey("acme", "olga", "admin");
    const principal = (await keys.authenticate(key)) as Principal;
    const store = new SessionStore(db, keys, now);
    return { db, keys, keyId, store, session: await store.create(principal) };
  }

  it("is seen by another node (or the same one after a restart), and stores only the token's hash", async () => {
    const { db, keys, store, session } = await signedIn();
    const elsewhere = new SessionStore(await dbs.another(db), keys);
    expect((await elsewhere.get(session.id))?.principal).toEqual(session.principal);
    expect((await store.get(session.id))?.csrf).toBe(session.csrf);
    const rows = await db.run((q) => q.select().from(db.t.consoleSessions));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(session.id);
  });

  it("ends when its key is revoked, at once", async () => {
    const { keys, keyId, store, session } = await signedIn();
    expect(await keys.revoke(keyId)).toBe(true);
    expect(await store.get(session.id)).toBeUndefined();
  });

  it("ends after 8 idle hours, and signing out ends it", async () => {
    let now = Date.now();
    const { store, session } = await signedIn(() => now);
    now += 7 * 3_600_000;
    expect(await store.get(session.id)).toBeDefined();
    now += 7 * 3_600_000; // used 7 h ago: still alive
    expect(await store.get(session.id)).toBeDefined();
    now += 8 * 3_600_000 + 1;
    expect(await store.get(session.id)).toBeUndefined();
    const fresh = await store.create(session.principal);
    await store.delete(fresh.id);
    expect(await store.get(fresh.id)).toBeUndefined();
    expect(await store.get("not-a-session")).toBeUndefined();
  });
});
