import type { Mat } from "@techstark/opencv-js";
import { loadOpenCv } from "../inpaint/opencv-runtime.js";
import type { SubjectSeed, SubjectSegmenter } from "../select/select-types.js";
import type { EngineContext, RasterImage } from "../types.js";
import { throwIfAborted } from "../types.js";
import { GRABCUT_DESCRIPTOR } from "./grabcut-descriptor.js";

/** Longest side grabCut works at (px): its cost grows with the pixel count, the mask is upsampled after. */
const WORKING_SIDE = 384;
const ITERATIONS = 4;

// OpenCV's grabCut labels (imgproc.hpp GrabCutClasses).
const GC_BGD = 0;
const GC_FGD = 1;
const GC_PR_BGD = 2;
const GC_PR_FGD = 3;

/**
 * Subject segmentation by grabCut (Rother, Kolmogorov, Blake, "GrabCut", SIGGRAPH 2004) at a working size of at
 * most 384 px, the hard result upsampled bilinearly to the image: the soft edge is about one working pixel wide.
 */
export class GrabCutSegmenter implements SubjectSegmenter {
  readonly descriptor = GRABCUT_DESCRIPTOR;

  async segment(image: RasterImage, seed: SubjectSeed, context: EngineContext): Promise<RasterImage> {
    throwIfAborted(context.signal);
    const { cv } = await loadOpenCv();
    const { width, height } = image;
    const scale = Math.min(1, WORKING_SIDE / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const mats: Mat[] = [];
    const track = (m: Mat) => {
      mats.push(m);
      return m;
    };
    try {
      const full = track(new cv.Mat(height, width, image.channels === 4 ? cv.CV_8UC4 : cv.CV_8UC3));
      full.data.set(image.data);
      const rgb = track(new cv.Mat());
      if (image.channels === 4) cv.cvtColor(full, rgb, cv.COLOR_RGBA2RGB);
      else full.copyTo(rgb);
      const small = track(new cv.Mat());
      cv.resize(rgb, small, new cv.Size(w, h), 0, 0, cv.INTER_AREA);
      const labels = track(new cv.Mat(h, w, cv.CV_8UC1));
      const box = seed.box ?? centreBox(width, height);
      const rect = new cv.Rect(
        Math.max(0, Math.floor(box.x * scale)),
        Math.max(0, Math.floor(box.y * scale)),
        Math.max(1, Math.min(w, Math.ceil(box.width * scale))),
        Math.max(1, Math.min(h, Math.ceil(box.height * scale))),
      );
      rect.width = Math.min(rect.width, w - rect.x);
      rect.height = Math.min(rect.height, h - rect.y);
      let mode = cv.GC_INIT_WITH_RECT;
      if (seed.hint) {
        labels.data.set(hintLabels(cv, seed.hint, w, h, track, seed.box ? rect : null));
        mode = cv.GC_INIT_WITH_MASK;
      }
      const bgd = track(new cv.Mat());
      const fgd = track(new cv.Mat());
      context.progress(0, 1);
      cv.grabCut(small, labels, rect, bgd, fgd, ITERATIONS, mode);
      throwIfAborted(context.signal);
      const hard = track(new cv.Mat(h, w, cv.CV_8UC1));
      for (let i = 0; i < w * h; i++) {
        const l = labels.data[i];
        hard.data[i] = l === GC_FGD || l === GC_PR_FGD ? 255 : 0;
      }
      const out = track(new cv.Mat());
      cv.resize(hard, out, new cv.Size(width, height), 0, 0, cv.INTER_LINEAR);
      context.progress(1, 1);
      return { data: out.data.slice(), width, height, channels: 1 };
    } finally {
      for (const m of mats) m.delete();
    }
  }
}

/** The box used when none is given: the middle of the image, 8 % in from each side (where subjects sit). */
export function centreBox(width: number, height: number) {
  const dx = Math.round(width * 0.08);
  const dy = Math.round(height * 0.08);
  return { x: dx, y: dy, width: width - 2 * dx, height: height - 2 * dy };
}

/** grabCut labels from a rough mask at the working size; outside `rect` (when given) is surely background. */
function hintLabels(
  cv: Awaited<ReturnType<typeof loadOpenCv>>["cv"],
  hint: RasterImage,
  w: number,
  h: number,
  track: (m: Mat) => Mat,
  rect: { x: number; y: number; width: number; height: number } | null,
): Uint8Array {
  const src = track(new cv.Mat(hint.height, hint.width, cv.CV_8UC1));
  src.data.set(hint.data);
  const small = track(new cv.Mat());
  cv.resize(src, small, new cv.Size(w, h), 0, 0, cv.INTER_AREA);
  const labels = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = small.data[i] as number;
      const outside = rect && (x < rect.x || y < rect.y || x >= rect.x + rect.width || y >= rect.y + rect.height);
      labels[i] = outside ? GC_BGD : v >= 192 ? GC_FGD : v >= 64 ? GC_PR_FGD : GC_PR_BGD;
    }
  }
  return labels;
}
