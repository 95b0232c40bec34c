import { isNotNull } from "drizzle-orm";
import type { MetaDb } from "../db/meta-db.js";
import type { BlobStore } from "./blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";

export interface BlobGcResult {
  /** Blobs older than the grace period. */
  candidates: number;
  removed: number;
  /** Temp files of writers that died mid-write. */
  tempRemoved: number;
}

/**
 * Collects blobs nothing refers to (outputs of attempts that were stopped or lost before delivery,
 * uploads whose record was never written) once they are older than `graceMs`.
 *
 * Safe with concurrent writers: blobs are listed first and references read after, and every write of a
 * blob refreshes its mtime (`LocalBlobStore.put`), so anything a writer is about to reference is either
 * younger than the grace period or referenced already; `removeIfOlder` settles a write racing the delete.
 * Only local and shared-directory stores are collected.
 */
export async function collectBlobs(
  db: MetaDb,
  blobs: BlobStore,
  graceMs: number,
  now = Date.now(),
): Promise<BlobGcResult> {
  if (!(blobs instanceof LocalBlobStore)) {
    throw new Error(`blob collection supports local and shared-directory stores, not ${blobs.description}`);
  }
  const cutoff = now - graceMs;
  const old: string[] = [];
  for await (const blob of blobs.list()) if (blob.mtimeMs < cutoff) old.push(blob.sha256);
  let removed = 0;
  if (old.length > 0) {
    const referenced = await referencedBlobs(db);
    for (const sha256 of old) {
      if (!referenced.has(sha256) && (await blobs.removeIfOlder(sha256, cutoff))) removed++;
    }
  }
  return { candidates: old.length, removed, tempRemoved: await blobs.removeTempOlder(cutoff) };
}

/** Every blob a record names: assets (uploads and outputs), layers, manifests, kit files, quarantined outputs. */
export async function referencedBlobs(db: MetaDb): Promise<Set<string>> {
  const { assets, layers, manifests, brandKitVersions, safetyAudit } = db.t;
  const found = new Set<string>();
  const add = (rows: { sha256: string | null }[]) => {
    for (const row of rows) if (row.sha256) found.add(row.sha256);
  };
  add(await db.run((q) => q.selectDistinct({ sha256: assets.id }).from(assets)));
  add(await db.run((q) => q.selectDistinct({ sha256: layers.assetId }).from(layers)));
  add(await db.run((q) => q.selectDistinct({ sha256: manifests.assetId }).from(manifests)));
  add(await db.run((q) => q.selectDistinct({ sha256: manifests.storeSha256 }).from(manifests)));
  add(
    await db.run((q) =>
      q
        .selectDistinct({ sha256: safetyAudit.quarantinedSha256 })
        .from(safetyAudit)
        .where(isNotNull(safetyAudit.quarantinedSha256)),
    ),
  );
  for (const row of await db.run((q) => q.select({ files: brandKitVersions.files }).from(brandKitVersions))) {
    for (const sha256 of Object.values((row.files ?? {}) as Record<string, unknown>)) {
      if (typeof sha256 === "string") found.add(sha256);
    }
  }
  return found;
}
