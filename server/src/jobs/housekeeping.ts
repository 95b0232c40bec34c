import type { QuotaLedger } from "../billing/quota-ledger.js";
import type { MetaDb } from "../db/meta-db.js";
import { collectBlobs } from "../storage/blob-gc.js";
import type { BlobStore } from "../storage/blob-store.js";
import { LocalBlobStore } from "../storage/local-blob-store.js";
import type { Logger } from "../util/logger.js";

/** How often an API node settles quota reservations whose job ended while nobody settled them (ms). */
export const RECONCILE_EVERY_MS = 60_000;

export interface HousekeepingOptions {
  db: MetaDb;
  ledger: QuotaLedger;
  blobs: BlobStore;
  logger: Logger;
  blobGcGraceS: number;
  /** 0 = never (run `easel blobs gc` instead). */
  blobGcIntervalS: number;
}

/**
 * An API node's periodic upkeep, besides what start-up does: settles quota reservations left open
 * (without waiting for a restart) and collects unreferenced blobs after their grace period. Each run
 * is safe while other nodes do the same; failures are logged and tried again next time.
 */
export function startHousekeeping(options: HousekeepingOptions): { stop(): Promise<void> } {
  const { ledger, logger } = options;
  let running: Promise<unknown> = Promise.resolve();
  const every = (ms: number, what: string, work: () => Promise<void>) => {
    const timer = setInterval(() => {
      running = running.then(() =>
        work().catch((error: unknown) => logger.log("warn", `${what}: ${(error as Error).message}`)),
      );
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(RECONCILE_EVERY_MS, "reconciling quota reservations", async () => {
      const settled = await ledger.reconcile();
      if (settled > 0) logger.log("info", `settled ${settled} quota reservation(s) left open`);
    }),
  ];
  if (options.blobGcIntervalS > 0 && options.blobs instanceof LocalBlobStore) {
    timers.push(
      every(options.blobGcIntervalS * 1000, "collecting unreferenced blobs", async () => {
        const result = await collectBlobs(options.db, options.blobs, options.blobGcGraceS * 1000);
        if (result.removed + result.tempRemoved > 0) {
          logger.log("info", `collected ${result.removed} unreferenced blob(s) and ${result.tempRemoved} temp file(s)`);
        }
      }),
    );
  }
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await running;
    },
  };
}
