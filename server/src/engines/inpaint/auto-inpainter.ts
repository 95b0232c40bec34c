import { validateMask } from "../../imaging/mask-ops.js";
import type { EngineContext, EngineDescriptor, Inpainter, InpaintOptions, RasterImage } from "../types.js";
import { type HoleShape, holeShape } from "./hole-shape.js";
import { OpenCvInpainter } from "./opencv-inpainter.js";
import { PatchInpainter } from "./patch-inpainter.js";

export type LocalInpaintMethod = "telea" | "ns" | "patch";
export const LOCAL_INPAINT_METHODS: readonly (LocalInpaintMethod | "auto")[] = ["auto", "telea", "ns", "patch"];

/** Holes no deeper than this (px; ≈ strokes up to 12 px wide, border strips up to 6 px) diffuse cleanly. */
export const THIN_HOLE_DEPTH_PX = 6;
/** Holes this small (px², e.g. 16x16) are dust and spots: diffusion is instant and invisible there. */
export const SMALL_HOLE_AREA_PX = 256;

export const LOCAL_INPAINT_DESCRIPTOR: EngineDescriptor = {
  name: "local-inpaint",
  capability: "inpaint",
  description:
    "Object removal, retouching and canvas extension on the CPU: OpenCV diffusion (Telea) for thin or small holes, exemplar patch synthesis for large ones.",
  limits: {
    methods: [...LOCAL_INPAINT_METHODS],
    thinHoleDepthPx: THIN_HOLE_DEPTH_PX,
    smallHoleAreaPx: SMALL_HOLE_AREA_PX,
  },
  trainedModel: false,
};

/**
 * Picks the method for a hole. Diffusion (Telea) continues colours smoothly inward, which is exact
 * enough for scratches, wires and specks but smears anything wider than a few pixels into streaks;
 * patch synthesis rebuilds texture but needs room for whole 7x7 patches.
 */
export function chooseInpaintMethod(shape: HoleShape): LocalInpaintMethod {
  return shape.depth <= THIN_HOLE_DEPTH_PX || shape.area <= SMALL_HOLE_AREA_PX ? "telea" : "patch";
}

/** The engines `AutoInpainter` delegates to; passed in so a worker can share loaded ones. */
export interface AutoInpainterParts {
  diffusion?: OpenCvInpainter;
  exemplar?: PatchInpainter;
}

/** `local-inpaint`: runs `options.method` ("telea" | "ns" | "patch"), or picks one from the hole's shape. */
export class AutoInpainter implements Inpainter {
  readonly descriptor = LOCAL_INPAINT_DESCRIPTOR;
  private readonly diffusion: OpenCvInpainter;
  private readonly exemplar: PatchInpainter;

  constructor(parts: AutoInpainterParts = {}) {
    this.diffusion = parts.diffusion ?? new OpenCvInpainter();
    this.exemplar = parts.exemplar ?? new PatchInpainter();
  }

  /** The method `inpaint` would use for this mask (validates it like `inpaint` does). */
  resolveMethod(image: RasterImage, mask: RasterImage, options: InpaintOptions): LocalInpaintMethod {
    const method = options.method ?? "auto";
    if (method === "telea" || method === "ns" || method === "patch") return method;
    if (method !== "auto") {
      throw new RangeError(`inpaint method must be one of ${LOCAL_INPAINT_METHODS.join(", ")}, got "${method}"`);
    }
    return chooseInpaintMethod(holeShape(validateMask(image, mask)));
  }

  async inpaint(
    image: RasterImage,
    mask: RasterImage,
    options: InpaintOptions,
    context: EngineContext,
  ): Promise<RasterImage> {
    const method = this.resolveMethod(image, mask, options);
    if (method === "patch") {
      return this.exemplar.inpaint(image, mask, options.seed === undefined ? {} : { seed: options.seed }, context);
    }
    return this.diffusion.inpaint(image, mask, { method }, context);
  }
}
