import { describe, expect, it } from "vitest";
import { type AttemptFacts, figures, qualityReport } from "./quality-metrics.js";

const DAY1 = Date.parse("2026-12-01T10:00:00Z");
const DAY2 = Date.parse("2026-12-02T10:00:00Z");

function attempt(jobId: string, over: Partial<AttemptFacts> = {}): AttemptFacts {
  return {
    jobId,
    firstJobId: jobId,
    kind: "inpaint",
    kit: null,
    createdAt: DAY1,
    regenerated: false,
    hasFeedback: false,
    kept: null,
    keptRank: null,
    candidates: 3,
    ...over,
  };
}

describe("satisfaction figures", () => {
  it("counts a first attempt as satisfying only when its candidate was kept and nobody regenerated it", () => {
    const attempts = [
      attempt("a", { hasFeedback: true, kept: 0, keptRank: 1 }), // kept first try, ranked first
      attempt("b", { hasFeedback: true, kept: 2, keptRank: 3 }), // kept first try, ranked third
      attempt("c", { regenerated: true, hasFeedback: true, kept: null }), // discarded, regenerated
      attempt("c2", { firstJobId: "c", hasFeedback: true, kept: 1, keptRank: 2 }), // kept on the 2nd try
      attempt("d", { regenerated: true }), // regenerated without feedback
      attempt("d2", { firstJobId: "d", hasFeedback: true, kept: 0, keptRank: 1, candidates: 1 }),
      attempt("e"), // no outcome yet: counts nowhere
      attempt("f", { hasFeedback: true, kept: null }), // discarded, not regenerated
    ];
    expect(figures(attempts)).toEqual({
      attempts: 5, // a, b, c, d, f
      firstTrySatisfied: 2, // a, b
      firstTrySatisfaction: 2 / 5,
      kept: 3, // a, b, c2 (d2 had one candidate: no ranking to judge)
      top1Kept: 1,
      top1KeptRate: 1 / 3,
    });
  });

  it("reports per kind, per kit and one bucket per day of the range", () => {
    const report = qualityReport(
      [
        attempt("a", { hasFeedback: true, kept: 0, keptRank: 1 }),
        attempt("b", { createdAt: DAY2, kind: "generate", kit: "acme", hasFeedback: true, kept: null }),
      ],
      "2026-11-30",
      "2026-12-02",
    );
    expect(report.target).toBe(0.9);
    expect(report.daily.map((d) => [d.day, d.attempts, d.firstTrySatisfaction])).toEqual([
      ["2026-11-30", 0, null],
      ["2026-12-01", 1, 1],
      ["2026-12-02", 1, 0],
    ]);
    expect(report.byKind.map((k) => [k.kind, k.firstTrySatisfied])).toEqual([
      ["generate", 0],
      ["inpaint", 1],
    ]);
    expect(report.byKit.map((k) => k.kit)).toEqual([null, "acme"]);
  });
});
