import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import { freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { collectBlobs } from "./blob-gc.js";
import { LocalBlobStore } from "./local-blob-store.js";

const dbs = freshMetaDbs();
const HOUR = 3600_000;

describe("collectBlobs", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const setup = async () => {
    const db = await dbs.fresh("sqlite");
    const root = mkdtempSync(join(tmpdir(), "easel-gc-"));
    dirs.push(root);
    const store = new LocalBlobStore(root);
    const age = (sha256: string, ms: number) => {
      const then = new Date(Date.now() - ms);
      utimesSync(store.pathOf(sha256), then, then);
    };
    return { db, store, age };
  };

  it("deletes old unreferenced blobs and keeps referenced, recent and re-written ones", async () => {
    const { db, store, age } = await setup();
    const orgId = (await new ApiKeys(db).ensureOrg("studio")).id;
    const asset = await store.put(randomBytes(64));
    await db.run((q) =>
      q.insert(db.t.assets).values({
        orgId,
        id: asset,
        width: 1,
        height: 1,
        format: "png",
        bytes: 64,
        hasAlpha: false,
        source: "upload",
        createdAt: Date.now(),
      }),
    );
    const orphan = await store.put(randomBytes(64));
    const recent = await store.put(randomBytes(64));
    const rewrittenBytes = randomBytes(64);
    const rewritten = await store.put(rewrittenBytes);
    for (const sha of [asset, orphan, rewritten]) age(sha, 2 * HOUR);
    age(recent, HOUR / 2);
    // A writer stores the same bytes again (its record follows): the blob counts as just written.
    expect(await store.put(rewrittenBytes)).toBe(rewritten);

    expect(await collectBlobs(db, store, HOUR)).toEqual({ candidates: 2, removed: 1, tempRemoved: 0 });
    expect([asset, orphan, recent, rewritten].map((sha) => existsSync(store.pathOf(sha)))).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });

  it("keeps a blob that a writer touches between the listing and the delete", async () => {
    const { store, age } = await setup();
    const bytes = randomBytes(64);
    const sha = await store.put(bytes);
    age(sha, 2 * HOUR);
    const cutoff = Date.now() - HOUR;
    // The collector listed it as old; a put of the same bytes lands before the delete.
    expect(await store.put(bytes)).toBe(sha);
    expect(await store.removeIfOlder(sha, cutoff)).toBe(false);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
    // Without the touch, it goes; a later put writes it again.
    age(sha, 2 * HOUR);
    expect(await store.removeIfOlder(sha, cutoff)).toBe(true);
    expect(await store.has(sha)).toBe(false);
    expect(await store.put(bytes)).toBe(sha);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
  });
});
