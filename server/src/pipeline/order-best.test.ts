import { describe, expect, it } from "vitest";
import { rankCandidates } from "../brand/rank.js";
import { orderBest } from "./order-best.js";

describe("orderBest", () => {
  it("orders candidates scored one at a time as ranking them all at once does, ties included", () => {
    // Quality and adherence on a coarse grid, so equal scores and equal qualities both occur.
    const grid = [0.2, 0.5, 0.8];
    const candidates = Array.from({ length: 12 }, (_, i) => ({
      id: String(i),
      quality: grid[(i * 7) % 3] as number,
      adherence: grid[(i * 5) % 3] as number,
    }));
    const together = rankCandidates(candidates).map((r) => Number(r.id));
    const one = candidates.map((c, candidate) => {
      const [ranked] = rankCandidates([c]);
      return { candidate, scores: { quality: c.quality, score: ranked?.score as number } };
    });
    expect(orderBest(one).map((o) => o.candidate)).toEqual(together);
  });
});
