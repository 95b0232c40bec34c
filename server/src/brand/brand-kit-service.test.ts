import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOrgSettings } from "../auth/org-settings.js";
import type { Principal, Role } from "../auth/principal.js";
import { readKitFolder } from "../cli/kits-command.js";
import type { MetaDb } from "../db/meta-db.js";
import { DIALECTS, metaDbNodes } from "../db/testing/fresh-meta-db.js";
import { LocalBlobStore } from "../storage/local-blob-store.js";
import { BrandKitService } from "./brand-kit-service.js";

const KIT_DIR = fileURLToPath(new URL("../../../brand-kits/northwind-tech/", import.meta.url));
const nodesOf = metaDbNodes();
let dir: string;
let blobs: LocalBlobStore;
let kitFiles: Map<string, Uint8Array>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-kits-"));
  blobs = new LocalBlobStore(join(dir, "blobs"));
  kitFiles = readKitFolder(KIT_DIR);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function principal(orgId: string, role: Role): Principal {
  return {
    orgId,
    orgSlug: orgId,
    plan: "pro",
    settings: readOrgSettings({}),
    userId: `usr_${role}`,
    userName: role,
    role,
    keyId: "key_test",
  };
}

/** The example kit with brand-kit.json edited. */
function kitWith(edit: (kit: Record<string, unknown>) => void): Map<string, Uint8Array> {
  const files = new Map(kitFiles);
  const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
  edit(kit);
  files.set("brand-kit.json", new TextEncoder().encode(JSON.stringify(kit)));
  return files;
}

async function withOrgs(db: MetaDb): Promise<MetaDb> {
  const { orgs } = db.t;
  await db.run((q) =>
    q.insert(orgs).values([
      { id: "org_a", slug: "acme", name: "Acme", plan: "pro", createdAt: 1 },
      { id: "org_b", slug: "globex", name: "Globex", plan: "pro", createdAt: 1 },
    ]),
  );
  return db;
}

describe.each(DIALECTS)("BrandKitService on %s", (dialect) => {
  it("a brand admin's upload is version 1, which jobs resolve; designers and other orgs cannot write or see it", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    await withOrgs(db);
    const kits = new BrandKitService(db, blobs);
    await expect(kits.upload(principal("org_a", "designer"), kitFiles)).rejects.toMatchObject({ code: "forbidden" });
    expect(await kits.list("org_a")).toEqual([]);

    const v1 = await kits.upload(principal("org_a", "brand-admin"), kitFiles);
    expect(v1).toMatchObject({ slug: "northwind-tech", version: 1, createdBy: "usr_brand-admin" });
    expect(Object.keys(v1.files).sort()).toEqual([...kitFiles.keys()].filter((f) => f !== "brand-kit.json").sort());
    expect(await kits.list("org_a")).toEqual([
      { slug: "northwind-tech", name: "Northwind Tech", latestVersion: 1, createdAt: v1.createdAt },
    ]);

    const resolved = await kits.resolve("org_a", "northwind-tech");
    expect(resolved).toMatchObject({ slug: "northwind-tech", version: 1, kit: { name: "Northwind Tech" } });
    expect(resolved.referenceAssetIds).toEqual([
      v1.files["references/blue-brush.jpg"]?.assetId,
      v1.files["references/ridge-sky.jpg"]?.assetId,
      v1.files["references/stream-duotone.png"]?.assetId,
    ]);
    const logo = await kits.file("org_a", "northwind-tech", 1, "logos/mark.svg");
    expect(logo.contentType).toBe("image/svg+xml");
    expect(new TextDecoder().decode(logo.bytes)).toContain("<svg");

    for (const ref of ["northwind-tech@2", "northwind-tech@3000000000"]) {
      await expect(kits.resolve("org_a", ref)).rejects.toMatchObject({
        code: "not_found",
        field: "brandKit",
        message: expect.stringContaining("(latest is 1)"),
      });
    }
    await expect(kits.resolve("org_a", "northwind-tech@0")).rejects.toMatchObject({ code: "validation" });
    await expect(kits.resolve("org_b", "northwind-tech")).rejects.toMatchObject({ code: "not_found" });
    await expect(kits.version("org_b", "northwind-tech")).rejects.toMatchObject({ code: "not_found" });
    expect(await kits.list("org_b")).toEqual([]);
  });

  it("uploads of one kit through two API nodes at once become consecutive versions of one kit", async () => {
    const nodes = await nodesOf(dialect, 2);
    await withOrgs(nodes[0] as MetaDb);
    const services = nodes.map((db) => new BrandKitService(db, blobs));
    const names = ["Northwind A", "Northwind B", "Northwind C", "Northwind D"];
    const uploaded = await Promise.all(
      names.map((name, i) =>
        (services[i % 2] as BrandKitService).upload(
          principal("org_a", "brand-admin"),
          kitWith((kit) => {
            kit.name = name;
          }),
        ),
      ),
    );
    expect(uploaded.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
    const [kits] = services as [BrandKitService];
    expect(await kits.list("org_a")).toEqual([expect.objectContaining({ slug: "northwind-tech", latestVersion: 4 })]);
    const stored = await Promise.all([1, 2, 3, 4].map((v) => kits.version("org_a", "northwind-tech", v)));
    expect(stored.map((v) => v.kit.name).sort()).toEqual(names);
    const diff = await kits.diff("org_a", "northwind-tech", 1, 4);
    expect(diff.changes).toEqual([
      expect.objectContaining({ op: "changed", path: "name", before: stored[0]?.kit.name, after: stored[3]?.kit.name }),
    ]);
  });

  it("adherence of finished kit jobs feeds drift, each layer counted once; jobs without a kit add nothing", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    await withOrgs(db);
    const kits = new BrandKitService(db, blobs);
    await kits.upload(principal("org_a", "brand-admin"), kitFiles);
    const { jobs } = db.t;
    const job = (id: string, plan: unknown) => ({
      id,
      orgId: "org_a",
      userId: "usr_1",
      kind: "generate",
      status: "succeeded" as const,
      request: {},
      plan,
      maxAttempts: 1,
      timeoutMs: 60_000,
      runAfter: 0,
      createdAt: Date.now(),
    });
    await db.run((q) =>
      q
        .insert(jobs)
        .values([
          job("job_kit", { kind: "generate", brand: { slug: "northwind-tech", version: 1 } }),
          job("job_plain", { kind: "generate" }),
        ]),
    );
    const layers = [
      { index: 0, scores: { adherence: 0.3, aesthetic: 0.9 } },
      { index: 1, scores: { adherence: 0.5 } },
      { index: 2, scores: { aesthetic: 0.4 } },
    ];
    await kits.recordJob("job_kit", layers);
    await kits.recordJob("job_kit", layers);
    await kits.recordJob("job_plain", layers);
    await kits.recordJob("job_missing", layers);
    const drift = await kits.drift("org_a", "northwind-tech");
    expect(drift).toMatchObject({ slug: "northwind-tech", minimum: 0.45, belowMinimum: false });
    expect(drift.overall).toMatchObject({ count: 2, mean: 0.4 });
    expect(drift.byVersion).toEqual([expect.objectContaining({ kitVersion: 1, count: 2 })]);
  });
});
