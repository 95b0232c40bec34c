import { fitScale, type InputLimits } from "../net/server-limits.js";
import { intersect, type Rect, rectSize } from "./pixels.js";

/** The part of a layer a command uploads, and the scale it is uploaded at. */
export interface WorkingArea {
  /** Document pixels read and replaced (px). */
  crop: Rect;
  /** Upload size ÷ crop size (≤ 1): 1 unless the crop is larger than the server's limits. */
  scale: number;
  /** The uploaded image's size (px). */
  width: number;
  height: number;
}

/**
 * Context around a selection (px): a quarter of its longer side, at least 32 px. Inpainting needs
 * the surroundings to continue textures, but not the whole 24 MP layer.
 */
export function contextPadding(selection: Rect): number {
  const { width, height } = rectSize(selection);
  return Math.max(32, Math.round(Math.max(width, height) / 4));
}

/**
 * Crops to `focus` (a selection's bounds, or the whole layer) plus `padding`, inside `within`
 * (the layer's pixels on the canvas), and scales down to the server's limits.
 */
export function workingArea(focus: Rect, within: Rect, limits: InputLimits, padding = 0): WorkingArea {
  const grown = {
    left: focus.left - padding,
    top: focus.top - padding,
    right: focus.right + padding,
    bottom: focus.bottom + padding,
  };
  const crop = intersect(grown, within);
  const { width, height } = rectSize(crop);
  if (width <= 0 || height <= 0) throw new Error("the area to read is empty");
  const scale = fitScale(width, height, limits);
  return {
    crop,
    scale,
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
