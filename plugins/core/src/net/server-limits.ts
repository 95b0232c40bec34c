import type { EngineInfo, EngineList, GenerationLimits } from "@easel/shared/protocol";
import { CAPABILITY, type CommandKind } from "../commands/command.js";

/** How large an input the plugin sends for a command (px). */
export interface InputLimits {
  /** Longest side of the uploaded image (px). */
  maxSide: number;
  /** Most pixels of the uploaded image. */
  maxPixels: number;
}

/**
 * When the engine states no limit: the server's default `EASEL_MAX_INPUT_PIXELS` (4096², README
 * "Configuration") and a 2048 px side, past which the CPU inpainters take minutes while a designer
 * waits (interactive lane). Engines that declare `maxSide`/`maxInputSide`/`maxPixels`/`maxInputPixels`
 * in `GET /v1/engines` limits override these.
 */
export const DEFAULT_LIMITS: InputLimits = { maxSide: 2048, maxPixels: 4096 * 4096 };

const numberLimit = (limits: Record<string, unknown>, ...keys: string[]) => {
  for (const key of keys) {
    const value = limits[key];
    if (typeof value === "number" && value > 0) return value;
  }
  return undefined;
};

/** The input limits for a command, read from the server's engine list (the default engine of its capability). */
export function inputLimits(engines: EngineList | null, kind: CommandKind): InputLimits {
  const capability = CAPABILITY[kind];
  const candidates = engines?.engines.filter((e) => e.capability === capability) ?? [];
  const engine = candidates.find((e) => e.default) ?? candidates[0];
  const limits = (engine?.limits ?? {}) as Record<string, unknown>;
  return {
    maxSide: Math.min(DEFAULT_LIMITS.maxSide, numberLimit(limits, "maxInputSide", "maxSide") ?? Infinity),
    maxPixels: Math.min(DEFAULT_LIMITS.maxPixels, numberLimit(limits, "maxInputPixels", "maxPixels") ?? Infinity),
  };
}

/** The scale (≤ 1) that brings `width`x`height` within the limits. */
export function fitScale(width: number, height: number, limits: InputLimits): number {
  return Math.min(1, limits.maxSide / Math.max(width, height), Math.sqrt(limits.maxPixels / (width * height)));
}

/** What a generate or variations form offers: the engine's steps and guidance ranges, largest side, and the models. */
export interface GenerationForm {
  limits: GenerationLimits;
  /** Registered models the org may use (`params.model`), the default one first; empty when the server has none. */
  models: { name: string; description: string; default: boolean; stepS: number | null }[];
}

/** When an engine states no generation limits: the request schema's own bounds and SD 1.5-class defaults. */
export const DEFAULT_GENERATION: GenerationLimits = {
  maxSide: 2048,
  steps: { min: 1, max: 150, default: 20 },
  guidance: { min: 0, max: 30, default: 7.5 },
};

/**
 * The form limits for generate (or variations) from `GET /v1/engines`: those of `model` when given, else of
 * the default engine, so a plugin offers 1–8 steps for SD-Turbo and 1–50 for SD 1.5 without knowing either.
 */
export function generationForm(
  engines: EngineList | null,
  kind: "generate" | "variations",
  model?: string,
): GenerationForm {
  const capability = CAPABILITY[kind];
  const candidates: EngineInfo[] = engines?.engines.filter((e) => e.capability === capability) ?? [];
  const chosen =
    (model === undefined ? undefined : candidates.find((e) => e.model === model)) ??
    candidates.find((e) => e.default) ??
    candidates[0];
  const models = candidates
    .filter((e) => e.model !== undefined && e.status !== "failing")
    .map((e) => ({
      name: e.model as string,
      description: e.description,
      default: e.default,
      stepS: e.speed?.stepS ?? null,
    }))
    .sort((a, b) => Number(b.default) - Number(a.default));
  return { limits: chosen?.generation ?? DEFAULT_GENERATION, models };
}
