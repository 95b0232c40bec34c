/**
 * BlazeFace (MediaPipe face_detection_front, 128x128) output decoding: 896 anchors on two grids (16x16 with two
 * anchors per cell at stride 8, 8x8 with six at stride 16), each with a logit and 16 numbers (box centre offset,
 * box size, six keypoints) in input pixels relative to the anchor centre. The anchor layout and the weighted
 * overlap removal follow keijiro/BlazeFaceBarracuda's `Postprocess1`/`Postprocess2` shaders (Apache-2.0), which
 * follow MediaPipe's `TensorsToDetectionsCalculator` and `NonMaxSuppressionCalculator` (WEIGHTED).
 */

/** One detection in the model's normalised input square (0..1). */
export interface RawDetection {
  cx: number;
  cy: number;
  w: number;
  h: number;
  score: number;
  keypoints: [number, number][];
}

/** The two anchor grids: cells per row and anchors per cell, in the order of the model's two output pairs. */
export const BLAZEFACE_GRIDS = [
  { cells: 16, anchors: 2 },
  { cells: 8, anchors: 6 },
] as const;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Decodes one grid's scores (N) and boxes (N x 16) into detections scoring above `threshold`. */
export function decodeGrid(
  scores: Float32Array,
  boxes: Float32Array,
  grid: { cells: number; anchors: number },
  inputSize: number,
  threshold: number,
): RawDetection[] {
  const out: RawDetection[] = [];
  for (let cy = 0; cy < grid.cells; cy++) {
    for (let cx = 0; cx < grid.cells; cx++) {
      for (let a = 0; a < grid.anchors; a++) {
        const i = (cy * grid.cells + cx) * grid.anchors + a;
        const score = sigmoid(scores[i] as number);
        if (score < threshold) continue;
        const ax = (cx + 0.5) / grid.cells;
        const ay = (cy + 0.5) / grid.cells;
        const b = boxes.subarray(i * 16, i * 16 + 16);
        const keypoints: [number, number][] = [];
        for (let k = 0; k < 6; k++) {
          keypoints.push([ax + (b[4 + 2 * k] as number) / inputSize, ay + (b[5 + 2 * k] as number) / inputSize]);
        }
        out.push({
          cx: ax + (b[0] as number) / inputSize,
          cy: ay + (b[1] as number) / inputSize,
          w: (b[2] as number) / inputSize,
          h: (b[3] as number) / inputSize,
          score,
          keypoints,
        });
      }
    }
  }
  return out;
}

/** Intersection over union of two centre/size boxes. */
export function iou(p: RawDetection, q: RawDetection): number {
  const x0 = Math.max(p.cx - p.w / 2, q.cx - q.w / 2);
  const y0 = Math.max(p.cy - p.h / 2, q.cy - q.h / 2);
  const x1 = Math.min(p.cx + p.w / 2, q.cx + q.w / 2);
  const y1 = Math.min(p.cy + p.h / 2, q.cy + q.h / 2);
  const inner = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inner / (p.w * p.h + q.w * q.h - inner);
}

/**
 * Weighted non-maximum suppression: from the best remaining detection, every detection overlapping it by at
 * least `iouThreshold` joins its cluster and is removed; the cluster's geometry is the score-weighted mean and
 * its score the best one. Steadier boxes than plain NMS (MediaPipe's WEIGHTED algorithm).
 */
export function weightedNms(detections: RawDetection[], iouThreshold = 0.3): RawDetection[] {
  const rest = [...detections].sort((p, q) => q.score - p.score);
  const kept: RawDetection[] = [];
  while (rest.length > 0) {
    const best = rest[0] as RawDetection;
    const cluster = rest.filter((d) => iou(best, d) >= iouThreshold);
    const others = rest.filter((d) => iou(best, d) < iouThreshold);
    const total = cluster.reduce((s, d) => s + d.score, 0);
    const mean = (f: (d: RawDetection) => number) => cluster.reduce((s, d) => s + f(d) * d.score, 0) / total;
    kept.push({
      cx: mean((d) => d.cx),
      cy: mean((d) => d.cy),
      w: mean((d) => d.w),
      h: mean((d) => d.h),
      score: best.score,
      keypoints: best.keypoints.map((_, k) => [
        mean((d) => (d.keypoints[k] as [number, number])[0]),
        mean((d) => (d.keypoints[k] as [number, number])[1]),
      ]),
    });
    rest.splice(0, rest.length, ...others);
  }
  return kept;
}
