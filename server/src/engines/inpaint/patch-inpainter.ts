import { compositeOver, contextCrop, MaskError, validateMask } from "../../imaging/mask-ops.js";
import type { EngineContext, EngineDescriptor, Inpainter, InpaintOptions, RasterImage } from "../types.js";
import { holeShape } from "./hole-shape.js";
import { patchFill } from "./patch-fill.js";
import { cropRaster, pasteRaster } from "./raster-crop.js";

export interface PatchInpainterOptions {
  /** Patches are (2 × patchRadius + 1)² px (default 3, i.e. 7x7). */
  patchRadius?: number;
  /** Context kept around the hole, as a fraction of the hole's longer side (default 0.75). */
  contextRatio?: number;
}

/** Describes a patch inpainter with patches of (2 × `patchRadius` + 1)² px. */
export function patchInpaintDescriptor(patchRadius = 3): EngineDescriptor {
  return {
    name: "patch-inpaint",
    capability: "inpaint",
    description:
      "Exemplar-based fill (PatchMatch search, multi-scale EM voting): rebuilds large holes and canvas borders from texture found around them. CPU, one thread.",
    limits: { methods: ["patch"], patchPx: 2 * patchRadius + 1 },
    trainedModel: false,
  };
}

/** Content-aware fill from the image's own patches; deterministic for a given `options.seed` (default 0). */
export class PatchInpainter implements Inpainter {
  readonly descriptor: EngineDescriptor;
  private readonly patchRadius: number;
  private readonly contextRatio: number;

  constructor(options: PatchInpainterOptions = {}) {
    this.patchRadius = options.patchRadius ?? 3;
    this.contextRatio = options.contextRatio ?? 0.75;
    this.descriptor = patchInpaintDescriptor(this.patchRadius);
  }

  async inpaint(
    image: RasterImage,
    mask: RasterImage,
    options: InpaintOptions,
    context: EngineContext,
  ): Promise<RasterImage> {
    const binary = validateMask(image, mask);
    const shape = holeShape(binary);
    if (shape.area === image.width * image.height) {
      throw new MaskError("`mask` covers the whole image: leave some pixels for the fill to copy from");
    }
    // Only the neighbourhood of the hole is searched: it holds the best matches, and work stays
    // proportional to the hole rather than to the image.
    const crop = contextCrop(shape.bounds, image.width, image.height, this.contextRatio);
    const filled = await patchFill(
      cropRaster(image, crop),
      cropRaster(binary, crop),
      { seed: options.seed ?? 0, patchRadius: this.patchRadius },
      context,
    );
    return compositeOver(image, pasteRaster(image, filled, crop.x, crop.y), binary);
  }
}
