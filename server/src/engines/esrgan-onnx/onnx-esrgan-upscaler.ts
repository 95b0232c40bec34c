import { cropInterleaved, padReflect } from "../esrgan/border-padding.js";
import { DEFAULT_BORDER_PAD, DEFAULT_OVERLAP } from "../esrgan/esrgan-descriptor.js";
import { ESRGAN_MODELS, type EsrganModelSpec, type EsrganScale, type EsrganTier } from "../esrgan/esrgan-models.js";
import { joinRgbAlpha, resizeAlphaLanczos, splitRgbAlpha } from "../esrgan/raster-channels.js";
import { planTiles, TileBlender, type TilingOptions, validateTilingOptions } from "../esrgan/tiling.js";
import { checkUpscaleInputs } from "../esrgan/upscale-inputs.js";
import type { EngineContext, EngineDescriptor, RasterImage, UpscaleOptions, Upscaler } from "../types.js";
import { throwIfAborted } from "../types.js";
import { cpuRunsInt8Convolutions } from "./cpu-int8.js";
import { type EsrganPrecision, esrganOnnxModel } from "./esrgan-onnx-models.js";
import { ONNX_TILE_SIZE, onnxEsrganDescriptor } from "./onnx-esrgan-descriptor.js";
import { planarToInterleaved, tileToPlanar } from "./planar-tiles.js";
import { SessionTileRunner, type TileRunner } from "./tile-runner.js";

export interface OnnxEsrganUpscalerOptions {
  /** Where converted models are cached (the service passes `<dataDir>/models/`). */
  cacheDir: string;
  /** Tile side in input px; defaults to the tier's measured size (`ONNX_TILE_SIZE`). */
  tileSize?: number;
  /** Overlap between neighbouring tiles in input px, feathered linearly; defaults to `DEFAULT_OVERLAP`. */
  overlap?: number;
  /** Mirrored border added on every side before the model, in input px; defaults to `DEFAULT_BORDER_PAD`. */
  borderPad?: number;
  /**
   * ORT intra-op threads per session; default 1. Measured on 2 cores (best, 128 px tiles): 1 thread 1.00 s
   * per tile, 2 threads 0.55 s idle but 0.74-0.76 s while another process ran, where two single-thread workers
   * kept 0.50 s per tile; 1024² x4 whole: 2 workers 64.5 s vs 1 session x 2 threads 77.9 s, and 69.9 vs 104.1 s
   * under heavier load. Intra-op threads meet at a barrier after every operator, so one delayed thread stalls
   * both; independent threads do not wait for each other. The service runs 1 and splits a big image across
   * its pool threads instead (one engine per thread).
   */
  intraOpNumThreads?: number;
  /**
   * "int8" runs the best tier with int8 convolutions (QDQ, calibrated on fixture photos): measured 2.4-2.8x
   * faster than float32 on one core, mean PSNR on the ten fixture photos within 0.02 dB of float32 (x2, x3, x4).
   * Only for `best`; a CPU without VNNI gets float32 (see cpu-int8.ts). Default "fp32".
   */
  precision?: EsrganPrecision;
}

/** Lets queued events (a cancel message from the parent thread) run between tiles of synchronous inference. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Super-resolution by an upscalerjs ESRGAN model converted to ONNX and run on onnxruntime-node: the same
 * tiers, scales, tiling, mirrored border and alpha handling as `EsrganUpscaler` (TF.js), 3x (fast) to 5-9x (best)
 * faster per core (bench `upscale-onnx`). Models are converted on first use and cached in `cacheDir`; sessions
 * are created once per model per thread.
 */
export class OnnxEsrganUpscaler implements Upscaler {
  readonly descriptor: EngineDescriptor;
  readonly tier: EsrganTier;
  readonly scales: readonly EsrganScale[];
  readonly tiling: Readonly<TilingOptions>;
  readonly borderPad: number; // input px
  readonly cacheDir: string;
  /** The precision in use: "int8" only when asked for and the CPU runs it well. */
  readonly precision: EsrganPrecision;
  private readonly spec: EsrganModelSpec;
  private readonly runner: TileRunner;

  constructor(tier: EsrganTier, options: OnnxEsrganUpscalerOptions) {
    this.spec = ESRGAN_MODELS[tier];
    this.tier = tier;
    this.scales = this.spec.scales;
    this.cacheDir = options.cacheDir;
    this.tiling = { tileSize: options.tileSize ?? ONNX_TILE_SIZE[tier], overlap: options.overlap ?? DEFAULT_OVERLAP };
    validateTilingOptions(this.tiling);
    this.borderPad = options.borderPad ?? DEFAULT_BORDER_PAD;
    if (!Number.isInteger(this.borderPad) || this.borderPad < 0) {
      throw new RangeError(`borderPad must be a non-negative integer (px), got ${this.borderPad}`);
    }
    const intraOpNumThreads = options.intraOpNumThreads ?? 1;
    if (!Number.isInteger(intraOpNumThreads) || intraOpNumThreads < 1) {
      throw new RangeError(`intraOpNumThreads must be a positive integer, got ${intraOpNumThreads}`);
    }
    if (options.precision === "int8" && tier !== "best") {
      throw new RangeError(`precision "int8" is calibrated for the best tier only, not ${tier}`);
    }
    this.runner = new SessionTileRunner({ intraOpNumThreads });
    this.precision = options.precision === "int8" && cpuRunsInt8Convolutions() ? "int8" : "fp32";
    this.descriptor = onnxEsrganDescriptor(tier, this.tiling, this.borderPad, this.precision);
  }

  /** Converts (or finds in the cache) the model of each scale and runs one small tile through it. */
  async warmUp(scales: readonly EsrganScale[] = this.scales): Promise<void> {
    for (const scale of scales) {
      const { path } = await esrganOnnxModel(this.tier, scale, this.cacheDir, this.precision);
      const job = { modelPath: path, input: new Float32Array(3 * 8 * 8), width: 8, height: 8, scale };
      await this.runner.run(job);
    }
  }

  async upscale(image: RasterImage, options: UpscaleOptions, context: EngineContext): Promise<RasterImage> {
    const { scale } = options;
    this.checkInputs(image, scale);
    throwIfAborted(context.signal);
    const model = await esrganOnnxModel(this.tier, scale as EsrganScale, this.cacheDir, this.precision);
    const { width, height } = image;
    const { rgb, alpha } = splitRgbAlpha(image);
    const pad = this.borderPad;
    const [paddedWidth, paddedHeight] = [width + 2 * pad, height + 2 * pad];
    const padded = padReflect(rgb, width, height, 3, pad);
    const tiles = planTiles(paddedWidth, paddedHeight, this.tiling);
    const blender = new TileBlender(paddedWidth, paddedHeight, 3, scale, this.tiling);
    const range = this.spec.pixelRange;
    for (const [index, tile] of tiles.entries()) {
      await yieldToEventLoop();
      throwIfAborted(context.signal);
      const input = tileToPlanar(padded, paddedWidth, tile, range);
      const output = await this.runner.run({
        modelPath: model.path,
        input,
        width: tile.width,
        height: tile.height,
        scale,
      });
      blender.add(tile, planarToInterleaved(output, tile.width * scale * tile.height * scale, range));
      context.progress(index + 1, tiles.length);
    }
    const [outWidth, outHeight] = [width * scale, height * scale];
    const upscaled = cropInterleaved(
      blender.result(),
      paddedWidth * scale,
      3,
      pad * scale,
      pad * scale,
      outWidth,
      outHeight,
    );
    const outAlpha = alpha && (await resizeAlphaLanczos(alpha, width, height, outWidth, outHeight));
    return joinRgbAlpha(upscaled, outAlpha, outWidth, outHeight, image.channels);
  }

  /** Fails fast on a bad request, naming the field and the value. */
  private checkInputs(image: RasterImage, scale: number): void {
    checkUpscaleInputs(image, scale, this.scales, this.descriptor.name);
  }
}
