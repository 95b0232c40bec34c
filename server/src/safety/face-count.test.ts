import { describe, expect, it } from "vitest";
import { DIALECTS, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { countFaces, faceDays } from "./face-count.js";
import { SafetyAudit } from "./safety-audit.js";

const dbs = freshMetaDbs();

describe("face counts for representation monitoring", () => {
  it("records how many faces and how big, largest first, without anything about who", () => {
    const count = countFaces(
      [
        { width: 10, height: 10 },
        { width: 50, height: 40 },
      ],
      200,
      100,
    );
    expect(count).toEqual({
      count: 2,
      sizes: [
        { width: 50, height: 40, share: 0.1 },
        { width: 10, height: 10, share: 0.005 },
      ],
    });
    expect(countFaces([], 10, 10)).toEqual({ count: 0, sizes: [] });
  });

  it("sums an org's audited outputs per day: outputs, outputs with faces, faces and their median size", () => {
    const day1 = Date.UTC(2026, 11, 1, 9);
    const day2 = Date.UTC(2026, 11, 2, 9);
    const faces = (shares: number[]) => ({
      faces: { count: shares.length, sizes: shares.map((share) => ({ width: 1, height: 1, share })) },
    });
    expect(
      faceDays([
        { at: day1, details: faces([0.1]) },
        { at: day1 + 1000, details: faces([]) },
        { at: day2, details: faces([0.2, 0.05, 0.01]) },
        { at: day2, details: { scores: {} } }, // an output audited before faces were counted
      ]),
    ).toEqual([
      { day: "2026-12-01", outputs: 2, outputsWithFaces: 1, faces: 1, medianShare: 0.1 },
      { day: "2026-12-02", outputs: 1, outputsWithFaces: 1, faces: 3, medianShare: 0.05 },
    ]);
  });

  it.each(DIALECTS)("reads only the org's own output decisions from the audit (%s)", async (dialect) => {
    const audit = new SafetyAudit(await dbs.fresh(dialect));
    const entry = (orgId: string, stage: "output" | "prompt", count: number) =>
      audit.record({
        orgId,
        userId: "usr_1",
        jobId: "job_1",
        stage,
        decision: "allow",
        reason: "ok",
        details: {
          faces: { count, sizes: Array.from({ length: count }, () => ({ width: 9, height: 9, share: 0.01 })) },
        },
      });
    await entry("org_a", "output", 2);
    await entry("org_a", "output", 0);
    await entry("org_a", "prompt", 5);
    await entry("org_b", "output", 7);
    const days = await audit.faceDays("org_a", 0);
    expect(days).toHaveLength(1);
    expect(days[0]).toMatchObject({ outputs: 2, outputsWithFaces: 1, faces: 2 });
  });
});
