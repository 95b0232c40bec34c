import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkConsistencyProof,
  checkInclusionProof,
  fromHex,
  toBase64,
  verifyTreeHeadSignature,
} from "@easel/shared/transparency";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetaDb } from "../db/meta-db.js";
import { DIALECTS, metaDbNodes } from "../db/testing/fresh-meta-db.js";
import { LocalBlobStore } from "../storage/local-blob-store.js";
import { signImage } from "./c2pa-sign.js";
import type { ProvenanceSpec } from "./manifest-spec.js";
import { MerkleLog } from "./merkle-log.js";
import { MemoryMerkleStore } from "./merkle-store.js";
import { pixelSha256 } from "./pixel-hash.js";
import { ProvenanceService } from "./provenance-service.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";
import { loadTransparencyKey, type TreeHeadSigner } from "./transparency-key.js";

const photos = fileURLToPath(new URL("../../../tests/fixtures/photos/", import.meta.url));
const nodesOf = metaDbNodes();
let dir: string;
let identity: SigningIdentity;
let logKey: TreeHeadSigner;
let blobs: LocalBlobStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-provenance-"));
  identity = await loadSigningIdentity({ dir: join(dir, "identity") });
  logKey = await loadTransparencyKey({ dir: join(dir, "identity") });
  blobs = new LocalBlobStore(join(dir, "blobs"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const spec: ProvenanceSpec = {
  action: "created",
  jobKind: "generate",
  title: "generated.png",
  format: "image/png",
  claimGenerator: { name: "Easel", version: "0.1.0" },
  generatedPixels: true,
  easel: {
    engine: "sd-turbo",
    modelId: "sd-turbo",
    modelHash: null,
    seed: 7,
    parameters: { steps: 4 },
    brandKit: null,
    promptHash: "ab12",
    safety: [],
    commercialRights: true,
  },
};

/** Stores a manifest row as the job queue does when a job delivers a signed output. */
async function storeManifest(
  db: MetaDb,
  row: { id: string; manifestHash: string; createdAt: number; orgId?: string; assetId?: string } & Partial<{
    pixelSha256: string;
    storeSha256: string;
  }>,
): Promise<void> {
  const { manifests } = db.t;
  await db.run((q) =>
    q.insert(manifests).values({
      orgId: "org_a",
      jobId: `job_${row.id}`,
      layerIdx: 0,
      assetId: "0".repeat(64),
      pixelSha256: "1".repeat(64),
      storeSha256: "2".repeat(64),
      ...row,
    }),
  );
}

function hashOf(label: string): string {
  return createHash("sha256").update(label).digest("hex");
}

describe.each(DIALECTS)("ProvenanceService on %s", (dialect) => {
  it("API nodes appending pending manifests at once log each exactly once, in a log whose signed head and proofs verify", async () => {
    const nodes = await nodesOf(dialect, 4);
    const services = nodes.map((db) => new ProvenanceService(db, blobs, identity, logKey));
    const [first] = nodes as [MetaDb];
    const ids = Array.from({ length: 40 }, (_, i) => `urn:c2pa:test-${String(i).padStart(2, "0")}`);
    for (const [i, id] of ids.slice(0, 20).entries())
      await storeManifest(first, { id, manifestHash: hashOf(id), createdAt: 1_000 + i });
    // Jobs keep finishing on one node while every node appends.
    const counts = await Promise.all([
      ...services.flatMap((service) => [service.appendPending(), service.appendPending()]),
      (async () => {
        for (const [i, id] of ids.slice(20).entries()) {
          await storeManifest(nodes[1] as MetaDb, { id, manifestHash: hashOf(id), createdAt: 2_000 + i });
        }
        return 0;
      })(),
    ]);
    const last = await (services[2] as ProvenanceService).appendPending();
    expect(counts.reduce((a, b) => a + b, 0) + last).toBe(40);

    const { manifests } = first.t;
    const rows = await first.run((q) => q.select({ id: manifests.id, logIndex: manifests.logIndex }).from(manifests));
    const byIndex = rows.map((r) => r.logIndex).sort((a, b) => (a ?? -1) - (b ?? -1));
    expect(byIndex).toEqual(Array.from({ length: 40 }, (_, i) => i));

    // The log is the manifests' hashes in log order: its head matches an in-memory rebuild.
    const memory = new MerkleLog(new MemoryMerkleStore());
    for (const row of [...rows].sort((a, b) => (a.logIndex ?? 0) - (b.logIndex ?? 0)))
      memory.append(fromHex(hashOf(row.id)));
    const head = await (services[3] as ProvenanceService).treeHead();
    expect(head.treeSize).toBe(40);
    expect(head.rootHash).toBe(toBase64(memory.root()));
    expect(await verifyTreeHeadSignature(head, logKey.publicKeySpki)).toBe(true);
    for (const index of [0, 17, 39]) {
      const proof = await (services[index % 4] as ProvenanceService).inclusionProof(index);
      expect(await checkInclusionProof(proof, head.rootHash)).toBe(true);
    }
  });

  it("proves an old head consistent with the current one, and names the bad parameter of a proof request", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    const service = new ProvenanceService(db, blobs, identity, logKey);
    for (let i = 0; i < 5; i++) await storeManifest(db, { id: `m${i}`, manifestHash: hashOf(`m${i}`), createdAt: i });
    expect(await service.appendPending()).toBe(5);
    const old = await service.treeHead();
    for (let i = 5; i < 13; i++) await storeManifest(db, { id: `m${i}`, manifestHash: hashOf(`m${i}`), createdAt: i });
    expect(await service.appendPending()).toBe(8);
    const now = await service.treeHead();
    const proof = await service.consistencyProof(old.treeSize);
    expect(proof).toMatchObject({ size1: 5, size2: 13 });
    expect(await checkConsistencyProof(proof, old.rootHash, now.rootHash)).toBe(true);
    expect(await checkInclusionProof(await service.inclusionProof(3, 5), old.rootHash)).toBe(true);

    await expect(service.inclusionProof(13)).rejects.toMatchObject({ code: "validation", field: "index" });
    await expect(service.inclusionProof(1, 14)).rejects.toMatchObject({ code: "validation", field: "size" });
    await expect(service.consistencyProof(0)).rejects.toMatchObject({ code: "validation", field: "first" });
    await expect(service.consistencyProof(2, 14)).rejects.toMatchObject({ code: "validation", field: "second" });
  });

  it("verifies a signed output whose metadata was stripped by its pixels, with its place in the log; other orgs get a 404", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    const service = new ProvenanceService(db, blobs, identity, logKey);
    const png = new Uint8Array(await sharp(join(photos, "cat-chelsea.png")).resize(160).png().toBuffer());
    const signed = await signImage(png, spec, identity);
    const assetId = await blobs.put(signed.bytes);
    await storeManifest(db, { id: "m-old", manifestHash: hashOf("m-old"), createdAt: 1 });
    await storeManifest(db, {
      id: signed.manifestLabel,
      orgId: "org_a",
      assetId,
      manifestHash: signed.manifestHash,
      pixelSha256: await pixelSha256(signed.bytes),
      storeSha256: await blobs.put(signed.manifestStore),
      createdAt: 2,
    });
    expect(await service.appendPending()).toBe(2);

    // Dropping only the manifest chunk leaves the signed bytes: the stored manifest binds to them again.
    const unchunked = new Uint8Array(await sharp(signed.bytes).png().toBuffer()); // same settings, same bytes
    expect(await service.verify(unchunked)).toMatchObject({ state: "trusted", match: "pixels", failures: [] });

    // Re-encoding drops the embedded manifest, as design tools do, and changes the bytes.
    const stripped = new Uint8Array(await sharp(signed.bytes).png({ compressionLevel: 9 }).toBuffer());
    const result = await service.verify(stripped);
    // Nothing binds the stored manifest to these re-encoded bytes: matched, never trusted.
    expect(result).toMatchObject({
      state: "matched",
      match: "pixels",
      failures: [],
      validationResults: null,
      storedManifest: { state: "trusted", failures: [] },
      log: { manifestId: signed.manifestLabel, index: 1 },
    });
    const log = result.log as NonNullable<typeof result.log>;
    expect(log.treeHead.treeSize).toBe(2);
    expect(await verifyTreeHeadSignature(log.treeHead, logKey.publicKeySpki)).toBe(true);
    expect(await checkInclusionProof(log.inclusion, log.treeHead.rootHash)).toBe(true);
    expect(log.inclusion.leafHash).not.toBe((await service.inclusionProof(0)).leafHash);

    expect(await service.verify(signed.bytes)).toMatchObject({
      state: "trusted",
      match: "embedded",
      log: { index: 1 },
    });
    const unrelated = new Uint8Array(await sharp(join(photos, "coffee-cup.png")).resize(64).png().toBuffer());
    expect(await service.verify(unrelated)).toMatchObject({ state: "absent", match: "none", log: null });

    expect(await service.manifest("org_a", signed.manifestLabel)).toMatchObject({
      jobId: `job_${signed.manifestLabel}`,
      assetId,
    });
    await expect(service.manifest("org_b", signed.manifestLabel)).rejects.toMatchObject({
      code: "not_found",
      field: "id",
    });
  });
});
