import { describe, expect, it } from "vitest";
import { decodeGrid, type RawDetection, weightedNms } from "./blazeface-decode.js";

const det = (cx: number, cy: number, size: number, score: number): RawDetection => ({
  cx,
  cy,
  w: size,
  h: size,
  score,
  keypoints: [[cx, cy]],
});

describe("BlazeFace decoding", () => {
  it("places a box at its anchor's centre plus the offset, in input pixels", () => {
    const grid = { cells: 2, anchors: 1 };
    const scores = new Float32Array([-10, 10, -10, -10]); // only cell (1, 0) is confident
    const boxes = new Float32Array(4 * 16);
    boxes.set([8, -4, 32, 16], 16); // offset (+8, −4) px, size 32x16 px
    const [d, ...rest] = decodeGrid(scores, boxes, grid, 128, 0.5);
    expect(rest).toEqual([]);
    expect(d?.cx).toBeCloseTo(0.75 + 8 / 128, 6);
    expect(d?.cy).toBeCloseTo(0.25 - 4 / 128, 6);
    expect(d?.w).toBeCloseTo(0.25, 6);
    expect(d?.h).toBeCloseTo(0.125, 6);
    expect(d?.score).toBeGreaterThan(0.99);
  });

  it("merges overlapping detections into their score-weighted mean and keeps separate faces apart", () => {
    const kept = weightedNms([det(0.3, 0.3, 0.2, 0.9), det(0.32, 0.3, 0.2, 0.6), det(0.8, 0.8, 0.1, 0.7)]);
    expect(kept).toHaveLength(2);
    expect(kept[0]?.score).toBe(0.9);
    expect(kept[0]?.cx).toBeCloseTo((0.3 * 0.9 + 0.32 * 0.6) / 1.5, 6);
    expect(kept[1]?.cx).toBeCloseTo(0.8, 9);
  });
});
