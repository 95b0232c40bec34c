import type { CV, Mat } from "@techstark/opencv-js";
import { compositeOver, contextCrop, validateMask } from "../../imaging/mask-ops.js";
import {
  type EngineContext,
  type EngineDescriptor,
  type Inpainter,
  type InpaintOptions,
  type RasterImage,
  throwIfAborted,
} from "../types.js";
import { holeShape } from "./hole-shape.js";
import { loadOpenCv } from "./opencv-runtime.js";
import { cropRaster, pasteRaster } from "./raster-crop.js";

/** The two diffusion methods of `cv.inpaint`. */
export type OpenCvMethod = "telea" | "ns";
export const OPENCV_METHODS: readonly OpenCvMethod[] = ["telea", "ns"];

export const OPENCV_INPAINT_DESCRIPTOR: EngineDescriptor = {
  name: "opencv-inpaint",
  capability: "inpaint",
  description:
    "OpenCV cv.inpaint (Telea fast marching, or Navier-Stokes): smooth, instant fills for scratches, wires, dust and small spots.",
  limits: { methods: [...OPENCV_METHODS] },
  trainedModel: false,
};

/**
 * `cv.inpaint` neighbourhood radius (px) for a hole `depth` px deep (half its thickness): wide holes
 * need a wider neighbourhood or they fill with streaks, but cost grows with its square and detail
 * fades, so it stays within 3..12 px (OpenCV's samples use 3).
 */
export function inpaintRadius(depth: number): number {
  return Math.min(12, Math.max(3, Math.round(depth / 2)));
}

/** Diffusion-based inpainting with OpenCV.js: `telea` (Telea 2004) or `ns` (Bertalmio et al. 2001). */
export class OpenCvInpainter implements Inpainter {
  readonly descriptor = OPENCV_INPAINT_DESCRIPTOR;

  async inpaint(
    image: RasterImage,
    mask: RasterImage,
    options: InpaintOptions,
    context: EngineContext,
  ): Promise<RasterImage> {
    const method = options.method ?? "telea";
    if (method !== "telea" && method !== "ns") {
      throw new RangeError(`inpaint method must be one of ${OPENCV_METHODS.join(", ")}, got "${method}"`);
    }
    return this.run(method, image, mask, context);
  }

  /** Fast-marching fill (Telea 2004): good default for thin and small holes. */
  telea(image: RasterImage, mask: RasterImage, context: EngineContext): Promise<RasterImage> {
    return this.run("telea", image, mask, context);
  }

  /** Navier-Stokes fill (Bertalmio, Bertozzi & Sapiro 2001): continues isophotes a little further. */
  ns(image: RasterImage, mask: RasterImage, context: EngineContext): Promise<RasterImage> {
    return this.run("ns", image, mask, context);
  }

  private async run(method: OpenCvMethod, image: RasterImage, mask: RasterImage, context: EngineContext) {
    const binary = validateMask(image, mask);
    const shape = holeShape(binary);
    const radius = inpaintRadius(shape.depth);
    const { cv } = await loadOpenCv();
    throwIfAborted(context.signal);
    context.progress(0, 1);
    // The fill reads nothing farther than `radius` px from the hole, so a crop gives the same pixels.
    const crop = contextCrop(shape.bounds, image.width, image.height, 0, radius + 2);
    const filled = inpaintCrop(cv, method, radius, cropRaster(image, crop), cropRaster(binary, crop));
    throwIfAborted(context.signal);
    context.progress(1, 1);
    return compositeOver(image, pasteRaster(image, filled, crop.x, crop.y), binary);
  }
}

/** Runs `cv.inpaint` on one crop; RGBA is split because OpenCV inpaints 1- and 3-channel images only. */
function inpaintCrop(cv: CV, method: OpenCvMethod, radius: number, image: RasterImage, mask: RasterImage): RasterImage {
  const flags = method === "telea" ? cv.INPAINT_TELEA : cv.INPAINT_NS;
  if (image.channels !== 4) return { ...image, data: inpaintPlane(cv, image, mask, radius, flags) };
  const pixels = image.width * image.height;
  const rgb = new Uint8Array(pixels * 3);
  const alpha = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    rgb.set(image.data.subarray(i * 4, i * 4 + 3), i * 3);
    alpha[i] = image.data[i * 4 + 3] as number;
  }
  const rgbOut = inpaintPlane(cv, { ...image, data: rgb, channels: 3 }, mask, radius, flags);
  const alphaOut = inpaintPlane(cv, { ...image, data: alpha, channels: 1 }, mask, radius, flags);
  const data = new Uint8Array(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    data.set(rgbOut.subarray(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = alphaOut[i] as number;
  }
  return { ...image, data };
}

function inpaintPlane(cv: CV, image: RasterImage, mask: RasterImage, radius: number, flags: number): Uint8Array {
  const mats: Mat[] = [];
  try {
    const src = track(mats, new cv.Mat(image.height, image.width, image.channels === 1 ? cv.CV_8UC1 : cv.CV_8UC3));
    src.data.set(image.data);
    const holes = track(mats, new cv.Mat(mask.height, mask.width, cv.CV_8UC1));
    holes.data.set(mask.data);
    const dst = track(mats, new cv.Mat());
    cv.inpaint(src, holes, dst, radius, flags);
    // Copy out: `dst.data` is a view into the wasm heap, freed with the Mat.
    return dst.data.slice();
  } finally {
    for (const mat of mats) mat.delete();
  }
}

function track(mats: Mat[], mat: Mat): Mat {
  mats.push(mat);
  return mat;
}
