import { loadConfig } from "../config/config.js";
import { openMetaDb } from "../db/meta-db.js";
import { collectBlobs } from "../storage/blob-gc.js";
import { createBlobStore } from "../storage/create-blob-store.js";

/**
 * `easel blobs gc [--grace-s N]`: deletes blobs no record refers to and older than the grace period
 * (EASEL_BLOB_GC_GRACE_S, default 1 h). Safe while the service runs and writes.
 */
export async function runBlobsGc(env: NodeJS.ProcessEnv, graceS: string | undefined): Promise<void> {
  const config = loadConfig(graceS === undefined ? env : { ...env, EASEL_BLOB_GC_GRACE_S: graceS });
  const db = await openMetaDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const blobs = createBlobStore(config.blobs);
    const result = await collectBlobs(db, blobs, config.blobGcGraceS * 1000);
    process.stdout.write(
      `${JSON.stringify({ event: "blobs-gc", graceS: config.blobGcGraceS, ...result })}\n` +
        `removed ${result.removed} unreferenced blob(s) of ${result.candidates} older than ${config.blobGcGraceS} s, and ${result.tempRemoved} stale temp file(s)\n`,
    );
  } finally {
    await db.close();
  }
}
