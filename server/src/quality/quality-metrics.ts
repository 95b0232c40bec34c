import type { QualityFigures, QualityReport } from "@easel/shared/protocol";

/** The first-try satisfaction the product aims at (issue 20): 9 of 10 first attempts kept. */
export const FIRST_TRY_TARGET = 0.9;

/** What the metrics need of one attempt (a quality_attempts row). */
export interface AttemptFacts {
  jobId: string;
  firstJobId: string;
  kind: string;
  kit: string | null;
  createdAt: number; // ms
  regenerated: boolean;
  /** Whether the designer sent feedback (keep or discard). */
  hasFeedback: boolean;
  kept: number | null;
  keptRank: number | null;
  candidates: number | null;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of an epoch-ms time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The two figures over a set of attempts:
 * - first-try satisfaction: of the chains' first attempts with an outcome (feedback sent, or regenerated),
 *   the share whose candidate was kept and that nobody regenerated. A first attempt with neither is still
 *   open and counts nowhere.
 * - top-1 kept rate: of kept candidates (any attempt) of jobs that delivered at least two, the share the
 *   service had ranked first (with one candidate there is no ranking to judge).
 */
export function figures(attempts: readonly AttemptFacts[]): QualityFigures {
  let first = 0;
  let satisfied = 0;
  let kept = 0;
  let top1 = 0;
  for (const a of attempts) {
    if (a.jobId === a.firstJobId && (a.hasFeedback || a.regenerated)) {
      first++;
      if (a.kept !== null && !a.regenerated) satisfied++;
    }
    if (a.kept !== null && (a.candidates ?? 0) >= 2) {
      kept++;
      if (a.keptRank === 1) top1++;
    }
  }
  return {
    attempts: first,
    firstTrySatisfied: satisfied,
    firstTrySatisfaction: first > 0 ? satisfied / first : null,
    kept,
    top1Kept: top1,
    top1KeptRate: kept > 0 ? top1 / kept : null,
  };
}

function groupBy<K>(attempts: readonly AttemptFacts[], key: (a: AttemptFacts) => K): Map<K, AttemptFacts[]> {
  const groups = new Map<K, AttemptFacts[]>();
  for (const a of attempts) {
    const k = key(a);
    const list = groups.get(k);
    if (list) list.push(a);
    else groups.set(k, [a]);
  }
  return groups;
}

/**
 * The report over the attempts created in [from, to] (UTC days, inclusive): overall, per kind, per kit,
 * and one entry per day (each attempt in the bucket of the day it was created). Pure.
 */
export function qualityReport(attempts: readonly AttemptFacts[], from: string, to: string): QualityReport {
  const byKind = [...groupBy(attempts, (a) => a.kind)].map(([kind, list]) => ({ kind, ...figures(list) }));
  const byKit = [...groupBy(attempts, (a) => a.kit)].map(([kit, list]) => ({ kit, ...figures(list) }));
  const perDay = groupBy(attempts, (a) => dayOf(a.createdAt));
  const daily: QualityReport["daily"] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY_MS) {
    const day = dayOf(t);
    daily.push({ day, ...figures(perDay.get(day) ?? []) });
  }
  byKind.sort((a, b) => a.kind.localeCompare(b.kind));
  byKit.sort((a, b) => (a.kit ?? "").localeCompare(b.kit ?? ""));
  return { from, to, target: FIRST_TRY_TARGET, overall: figures(attempts), byKind, byKit, daily };
}
