import type { Capability, UpscaleTier } from "@easel/shared/protocol";
import type { RasterImage } from "../imaging/raster.js";

// Pixels are imaging's own type: imaging, safety and provenance never import engine types.
export type { RasterImage } from "../imaging/raster.js";

/** What every engine call receives: a way to stop, and a way to report how far it got. */
export interface EngineContext {
  signal: AbortSignal;
  /** Reports `step` of `total` units of work (tiles, diffusion steps…), optionally with a small PNG preview. */
  progress(step: number, total: number, preview?: Uint8Array): void;
}

/** Static facts about an engine, known without loading its weights (listed by `GET /v1/engines`). */
export interface EngineDescriptor {
  name: string;
  capability: Capability;
  description: string;
  limits: Record<string, number | string | string[]>;
  /**
   * Whether its pixels come from a trained model (C2PA `trainedAlgorithmicMedia`); a classical algorithm
   * (a resampler, OpenCV inpainting) says false. Absent: true, the conservative claim.
   */
  trainedModel?: boolean;
  /** Whether splitting its work across worker threads pays (tiled model upscalers); absent: false. */
  splits?: boolean;
  /** Where it computes, for metering and the cost model (a ComfyUI pool: a GPU server); absent: cpu. */
  device?: "cpu" | "gpu";
}

/** The facts of an engine a plan carries from planning to the worker and the runner. */
export interface EngineFacts {
  trainedModel: boolean;
  splits: boolean;
  device: "cpu" | "gpu";
}

export interface UpscaleOptions {
  scale: 2 | 3 | 4;
}

/** Super-resolution by an integer factor; exact target sizes are reached afterwards by the pipeline. */
export interface Upscaler {
  readonly descriptor: EngineDescriptor;
  readonly tier: UpscaleTier;
  readonly scales: readonly (2 | 3 | 4)[];
  upscale(image: RasterImage, options: UpscaleOptions, context: EngineContext): Promise<RasterImage>;
}

export interface InpaintOptions {
  /** Engine-specific method, e.g. "telea", "ns", "patch"; the engine picks when absent. */
  method?: string;
  seed?: number;
}

/** Fills the white (255) pixels of a one-channel mask of the same size as the image. */
export interface Inpainter {
  readonly descriptor: EngineDescriptor;
  inpaint(image: RasterImage, mask: RasterImage, options: InpaintOptions, context: EngineContext): Promise<RasterImage>;
}

/** Scores an image per class (0..1 each), e.g. the five NSFW classes. */
export interface ImageClassifier {
  readonly descriptor: EngineDescriptor;
  classify(image: RasterImage, context: EngineContext): Promise<Record<string, number>>;
}

/** Throws the signal's reason when the job was cancelled; engines call it between units of work. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

/** Text-to-image parameters shared by every diffusion backend. */
export interface GenerateOptions {
  prompt: string;
  negativePrompt?: string;
  width: number; // px, a multiple of 8
  height: number; // px, a multiple of 8
  steps: number;
  /** Classifier-free guidance scale; ≤ 1 disables guidance (as Turbo/LCM models want). */
  guidance: number;
  seed: number;
}

export interface ImageToImageOptions extends GenerateOptions {
  /** How much of the input to re-noise, 0 (return the input) … 1 (ignore it). */
  strength: number;
}

/**
 * A diffusion backend (local ONNX pipeline, ComfyUI server pool…). Progress previews are small
 * PNGs passed to `context.progress`.
 */
export interface Generator {
  readonly descriptor: EngineDescriptor;
  generate(options: GenerateOptions, context: EngineContext): Promise<RasterImage>;
  vary(image: RasterImage, options: ImageToImageOptions, context: EngineContext): Promise<RasterImage>;
  /** Regenerates the white (255) pixels of a one-channel mask the size of `image`. */
  inpaint(
    image: RasterImage,
    mask: RasterImage,
    options: GenerateOptions,
    context: EngineContext,
  ): Promise<RasterImage>;
}
