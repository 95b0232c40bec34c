import type { JobEventData, Layer } from "@easel/shared/protocol";
import { and, asc, eq, sql } from "drizzle-orm";
import type { MetaDb, Q } from "../db/meta-db.js";
import { ranksBefore } from "../pipeline/order-best.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { toLayer } from "./job-view.js";

// Progressive delivery: a job's candidates are announced one `candidate` event each, as each finishes
// its tail in the worker, and the settle announces only those not announced yet. The job's own event
// log is the record of what was announced, so every topology and every attempt agrees on it.

/** A candidate already announced on a job's stream: which one, the layer id it was given, its scores. */
export interface Announced {
  candidate: number;
  layerId: string;
  scores: Record<string, number>;
}

/** The candidates a job's stream announced so far (any attempt), read inside the caller's transaction. */
export async function announcedCandidates(db: MetaDb, q: Q, jobId: string): Promise<Announced[]> {
  const { jobEvents } = db.t;
  const rows = await q
    .select({ data: jobEvents.data })
    .from(jobEvents)
    .where(and(eq(jobEvents.jobId, jobId), eq(jobEvents.type, "candidate")))
    .orderBy(asc(jobEvents.seq));
  return rows.flatMap((row) => {
    const data = row.data as JobEventData<"candidate">;
    // Candidates announced at settle by a service from before progressive delivery carry no number.
    return data.candidate === undefined
      ? []
      : [{ candidate: data.candidate, layerId: data.layer.id, scores: data.layer.scores }];
  });
}

/** Where `output` ranks among `announced` (1 = best so far), by the order rank.ts gives. */
export function rankAmong(announced: readonly Announced[], output: PlanOutput): number {
  return 1 + announced.filter((a) => ranksBefore(a, output)).length;
}

/** The layer an output becomes: `index` is its place among the layers delivered so far, best first. */
export function outputLayer(
  job: { id: string; commercialRights: boolean },
  layerId: string,
  index: number,
  output: PlanOutput,
): Layer {
  return toLayer({
    id: layerId,
    jobId: job.id,
    idx: index,
    assetId: output.sha256,
    width: output.width,
    height: output.height,
    placement: output.placement,
    label: output.label,
    seed: output.seed,
    scores: output.scores,
    manifestId: output.manifest?.label ?? null,
    commercialRights: job.commercialRights,
  });
}

/** The `candidate` event of an output: its layer, its number, its score and its rank so far. */
export function candidateEvent(layer: Layer, output: PlanOutput, rank: number): JobEventData<"candidate"> {
  return {
    index: rank - 1,
    layer,
    ...(output.candidate === undefined ? {} : { candidate: output.candidate }),
    rank,
    ...(output.scores.score === undefined ? {} : { score: output.scores.score }),
  };
}

/**
 * How many candidates a job announced: each was delivered (its image is served from the moment it was
 * announced), so a job that then fails or is cancelled is charged for these (app.ts settles the quota).
 */
export async function countAnnounced(db: MetaDb, jobId: string): Promise<number> {
  const { jobEvents } = db.t;
  const rows = await db.run((q) =>
    q
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(jobEvents)
      .where(and(eq(jobEvents.jobId, jobId), eq(jobEvents.type, "candidate"))),
  );
  return rows[0]?.n ?? 0;
}
