import { dirname } from "node:path";
import type { MetaDb } from "../db/meta-db.js";
import type { BlobStore } from "./blob-store.js";
import { probeDirWritable } from "./free-space.js";

export interface StorageProbe {
  name: string;
  check(): Promise<{ ok: boolean; detail: string }>;
}

/** How long a storage check's answer is reused: /ready is polled often, the probe writes to disk. */
export const STORAGE_PROBE_TTL_MS = 3000;

/**
 * The readiness check that the service can store what it produces: the blob store takes a write and
 * has room, and so has the SQLite database's directory (PostgreSQL reports a full disk or a read-only
 * server on the write itself, answered as 503 storage_unavailable). Cached for a few seconds.
 */
export function storageProbe(blobs: BlobStore, db: MetaDb, ttlMs = STORAGE_PROBE_TTL_MS): StorageProbe {
  const checks: { what: string; check: () => Promise<void> }[] = [];
  const probeBlobs = blobs.probeWritable?.bind(blobs);
  if (probeBlobs) checks.push({ what: `blobs ${blobs.description}`, check: probeBlobs });
  if (db.sqlite) {
    const dir = dirname(db.sqlite.$client.name);
    checks.push({ what: `database dir ${dir}`, check: () => probeDirWritable(dir) });
  }
  let last: { at: number; answer: Promise<{ ok: boolean; detail: string }> } | null = null;
  const run = async () => {
    const details: string[] = [];
    let ok = true;
    for (const { what, check } of checks) {
      try {
        await check();
        details.push(`${what}: writable`);
      } catch (error) {
        ok = false;
        const code = (error as NodeJS.ErrnoException).code;
        details.push(`${what}: not writable (${code ?? (error as Error).message})`);
      }
    }
    return { ok, detail: details.join("; ") || "no local storage to check" };
  };
  return {
    name: "storage",
    check() {
      const now = Date.now();
      if (!last || now - last.at >= ttlMs) last = { at: now, answer: run() };
      return last.answer;
    },
  };
}
