import type { GenerationLimits } from "@easel/shared/protocol";
import type { SdComponents } from "../engines/sd/load-sd-model.js";

/** What checking a diffusers ONNX export found, stored with the registered model (engine_models.facts). */
export interface ModelFacts {
  /** The sampler its scheduler_config.json asks for (or the one substituted for it). */
  scheduler: string;
  /** How its UNet takes the timestep: dtype and declared shape ([] rank 0, [1], ["batch"] …). */
  timestep: { type: "float32" | "int64"; shape: (number | string)[] };
  /** LCM's guidance embedding width, or null. */
  timestepCondDim: number | null;
  /** 4, or 9 for an inpainting UNet. */
  unetChannels: 4 | 9;
  /** Text embedding width (768 SD 1.x, 1024 SD 2.x), when declared. */
  hidden: number | null;
  /** generate, and vary when the export has a vae_encoder. */
  modes: ("generate" | "vary")[];
  generation: GenerationLimits;
  /** What loading noticed (a substituted scheduler, no vae_encoder). */
  notes: string[];
}

/** Largest side a registered CPU model generates (px): SD 1.x/2.x are trained at 512–768. */
export const MODEL_MAX_SIDE = 1024;

/**
 * The steps and guidance a model takes, from how it was distilled: LCM (its scheduler, or a UNet with
 * `timestep_cond`) samples in 1–8 steps with guidance as an embedding (diffusers
 * `LatentConsistencyModelPipeline` default 8.5); a trailing-spaced Euler schedule is SD-Turbo's (1–4 steps,
 * guidance 0: no classifier-free guidance); anything else is SD-class (20 steps at 7.5).
 */
export function generationLimits(scheduler: string, trailing: boolean, lcm: boolean): GenerationLimits {
  if (lcm || scheduler === "lcm") {
    return {
      maxSide: MODEL_MAX_SIDE,
      steps: { min: 1, max: 8, default: 4 },
      guidance: { min: 1, max: 15, default: 8.5 },
    };
  }
  if (trailing) {
    return { maxSide: MODEL_MAX_SIDE, steps: { min: 1, max: 8, default: 1 }, guidance: { min: 0, max: 2, default: 0 } };
  }
  return {
    maxSide: MODEL_MAX_SIDE,
    steps: { min: 1, max: 50, default: 20 },
    guidance: { min: 0, max: 20, default: 7.5 },
  };
}

/** The facts of a loaded pipeline. */
export function modelFacts(components: SdComponents): ModelFacts {
  const unet = components.contracts.unet;
  const scheduler = components.scheduler;
  return {
    scheduler: scheduler.name,
    timestep: { type: unet.timestepType, shape: [...unet.timestepShape] },
    timestepCondDim: unet.timestepCondDim,
    unetChannels: unet.inChannels,
    hidden: unet.hidden,
    modes: components.vaeEncoder ? ["generate", "vary"] : ["generate"],
    generation: generationLimits(
      scheduler.name,
      scheduler.config.timestepSpacing === "trailing",
      unet.timestepCondDim !== null,
    ),
    notes: [...components.notes],
  };
}
