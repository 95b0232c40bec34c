import type { CreateJobRequest, Job, JobKind, JobProgress, Layer, Placement, Problem } from "@easel/shared/protocol";
import { assetContentUrl } from "../assets/asset-service.js";
import type { jobs, layers } from "../db/schema.js";

export type JobRow = typeof jobs.$inferSelect;
export type LayerRow = typeof layers.$inferSelect;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The API shape of a layer row. */
export function toLayer(row: LayerRow): Layer {
  return {
    id: row.id,
    jobId: row.jobId,
    index: row.idx,
    assetId: row.assetId,
    url: assetContentUrl(row.assetId),
    width: row.width,
    height: row.height,
    placement: row.placement as Placement,
    label: row.label,
    seed: row.seed,
    scores: row.scores as Record<string, number>,
    manifestId: row.manifestId,
    manifestUrl: row.manifestId ? `/v1/provenance/manifests/${encodeURIComponent(row.manifestId)}` : null,
    commercialRights: row.commercialRights,
  };
}

/** The API shape of a job row and its layers. */
export function toJob(row: JobRow, layerRows: LayerRow[]): Job {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status,
    request: row.request as CreateJobRequest,
    document: row.document,
    parent: row.parent,
    createdBy: row.userId,
    attempts: row.attempts,
    lane: row.lane,
    progress: (row.progress as JobProgress | null) ?? null,
    layers: layerRows.map(toLayer),
    problem: (row.problem as Problem | null) ?? null,
    notes: row.notes as string[],
    createdAt: new Date(row.createdAt).toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
