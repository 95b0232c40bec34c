import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { MetaDb } from "../db/meta-db.js";
import { DIALECTS, metaDbNodes } from "../db/testing/fresh-meta-db.js";
import { LocalBlobStore } from "../storage/local-blob-store.js";
import { AssetService } from "./asset-service.js";

const photos = fileURLToPath(new URL("../../../tests/fixtures/photos/", import.meta.url));
const MAX_PIXELS = 40_000_000;
const nodesOf = metaDbNodes();
let dir: string;
let blobs: LocalBlobStore;
let cat: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-assets-"));
  blobs = new LocalBlobStore(join(dir, "blobs"));
  // A real photo, made small so that eight uploads decode it quickly.
  cat = new Uint8Array(
    await sharp(await readFile(join(photos, "cat-chelsea.png")))
      .resize(240)
      .png()
      .toBuffer(),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

async function withOrgs(db: MetaDb): Promise<MetaDb> {
  const { orgs } = db.t;
  await db.run((q) =>
    q.insert(orgs).values([
      { id: "org_a", slug: "acme", name: "Acme", plan: "pro", createdAt: 1 },
      { id: "org_b", slug: "globex", name: "Globex", plan: "free", createdAt: 1 },
    ]),
  );
  return db;
}

describe.each(DIALECTS)("AssetService on %s", (dialect) => {
  it("the same photo uploaded many times at once, through two API nodes, is one asset with the photo's size", async () => {
    const nodes = await nodesOf(dialect, 2);
    await withOrgs(nodes[0] as MetaDb);
    const services = nodes.map((db) => new AssetService(db, blobs, MAX_PIXELS));
    const uploads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (services[i % 2] as AssetService).upload("org_a", cat)),
    );
    const meta = await sharp(cat).metadata();
    for (const asset of uploads) {
      expect(asset).toEqual(uploads[0]);
      expect(asset).toMatchObject({ format: "png", width: meta.width, height: meta.height, bytes: cat.length });
    }
    const { assets } = (nodes[0] as MetaDb).t;
    const rows = await (nodes[1] as MetaDb).run((q) => q.select().from(assets));
    expect(rows).toHaveLength(1);
    const content = await (services[1] as AssetService).content("org_a", (uploads[0] as { id: string }).id);
    expect(content.format).toBe("png");
    expect(new Uint8Array(content.bytes)).toEqual(cat);
  });

  it("another org's asset does not exist for it: a 404 naming the request field", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    await withOrgs(db);
    const service = new AssetService(db, blobs, MAX_PIXELS);
    const asset = await service.upload("org_a", cat);
    expect((await service.require("org_a", asset.id, "image")).id).toBe(asset.id);
    await expect(service.require("org_b", asset.id, "image")).rejects.toMatchObject({
      code: "not_found",
      field: "image",
    });
    await expect(service.get("org_b", asset.id)).rejects.toMatchObject({ code: "not_found", field: "id" });
    await expect(service.content("org_b", asset.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await service.list("org_b", 10)).toEqual({ assets: [], nextCursor: null });
  });

  it("an output recorded twice keeps its first row (as when two nodes deliver it)", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    await withOrgs(db);
    const service = new AssetService(db, blobs, MAX_PIXELS);
    const image = {
      sha256: "a".repeat(64),
      width: 64,
      height: 32,
      format: "webp" as const,
      bytes: 900,
      hasAlpha: true,
    };
    vi.spyOn(Date, "now").mockReturnValue(1_767_225_600_000);
    const recorded = await service.record("org_a", image, "output");
    vi.spyOn(Date, "now").mockReturnValue(1_767_225_700_000);
    const again = await service.record("org_a", { ...image, width: 1 }, "upload");
    expect(again).toEqual(recorded);
    expect(recorded).toMatchObject({ width: 64, hasAlpha: true, source: "output", createdAt: 1_767_225_600_000 });
  });

  it("lists the org's assets newest first, page by page; a cursor that is not a number gives an empty page", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    await withOrgs(db);
    const service = new AssetService(db, blobs, MAX_PIXELS);
    const ids: string[] = [];
    for (const [i, width] of [40, 50, 60, 70, 80].entries()) {
      vi.spyOn(Date, "now").mockReturnValue(1_767_225_600_000 + i * 1000);
      const png = new Uint8Array(await sharp(cat).resize(width).png().toBuffer());
      ids.push((await service.upload("org_a", png)).id);
    }
    vi.restoreAllMocks();
    await service.upload("org_b", cat);
    const first = await service.list("org_a", 2);
    expect(first.assets.map((a) => a.id)).toEqual([ids[4], ids[3]]);
    expect(first.assets[0]).toMatchObject({ width: 80, createdAt: "2026-01-01T00:00:04.000Z" });
    const second = await service.list("org_a", 2, first.nextCursor ?? undefined);
    expect(second.assets.map((a) => a.id)).toEqual([ids[2], ids[1]]);
    const third = await service.list("org_a", 2, second.nextCursor ?? undefined);
    expect(third).toEqual({ assets: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect(await service.list("org_a", 2, "yesterday")).toEqual({ assets: [], nextCursor: null });
    // Cursors are compared as numbers, also fractional or past any timestamp.
    expect((await service.list("org_a", 10, "1767225602000.5")).assets.map((a) => a.id)).toEqual([
      ids[2],
      ids[1],
      ids[0],
    ]);
    expect((await service.list("org_a", 10, "1e30")).assets).toHaveLength(5);
  });
});
