import type { MetaDb } from "../../db/meta-db.js";

export interface StoredJob {
  id: string;
  orgId: string;
  status: "succeeded" | "failed" | "running";
  kind?: string;
  /** Images the job delivered (layers stored for it). */
  layers?: number;
  /** When the job finished (ms); default now. */
  finishedAt?: number;
}

/** Stores a job row and its layers directly, as the job queue would have left them. */
export async function storeJob(meta: MetaDb, job: StoredJob): Promise<void> {
  const { jobs, layers } = meta.t;
  const finishedAt = job.finishedAt ?? Date.now();
  const kind = job.kind ?? "upscale";
  await meta.run(async (q) => {
    await q.insert(jobs).values({
      id: job.id,
      orgId: job.orgId,
      userId: "usr_test",
      kind,
      status: job.status,
      request: { kind },
      plan: { kind },
      maxAttempts: 3,
      timeoutMs: 60_000,
      runAfter: finishedAt,
      createdAt: finishedAt,
      finishedAt: job.status === "running" ? null : finishedAt,
    });
    for (let idx = 0; idx < (job.layers ?? 0); idx++) {
      await q.insert(layers).values({
        id: `${job.id}_l${idx}`,
        jobId: job.id,
        idx,
        assetId: `ast_${job.id}_${idx}`,
        width: 64,
        height: 64,
        placement: { x: 0, y: 0, width: 64, height: 64 },
        label: `candidate ${idx + 1}`,
        scores: {},
      });
    }
  });
}
