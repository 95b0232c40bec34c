import type { JobRequestOf } from "@easel/shared/protocol";
import { HOW_TO_CONFIGURE } from "../../engines/engine-catalog.js";
import { AppError, fail } from "../../errors/app-error.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { ImageInput, UpscalePlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";

const SCALES = [2, 3, 4] as const;

/** Plans an upscale: engine tier, factor, exact target size and the output cap. */
export function planUpscale(request: JobRequestOf<"upscale">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  const { params } = request;
  const notes: string[] = [];

  const engine = pickUpscaler(request, context, input, notes);
  const supported = (engine.descriptor.limits.scales as string[] | undefined)?.map(Number) ?? [...SCALES];

  let target: { width: number; height: number };
  let field = "params.scale";
  if (params.width !== undefined || params.height !== undefined) {
    field = params.width !== undefined ? "params.width" : "params.height";
    const ratio = input.width / input.height;
    const width = params.width ?? Math.round((params.height as number) * ratio);
    const height = params.height ?? Math.round((params.width as number) / ratio);
    if (width <= input.width && height <= input.height) {
      throw fail.validation(
        field,
        `the target ${width}x${height} is not larger than the image (${input.width}x${input.height})`,
      );
    }
    target = { width, height };
    if (params.scale !== undefined) notes.push("`params.scale` was ignored because a target size was given");
  } else {
    const scale = params.scale ?? 2;
    target = { width: input.width * scale, height: input.height * scale };
  }

  const cap = Math.min(context.maxOutputSide, params.maxSide ?? Number.POSITIVE_INFINITY);
  if (target.width > cap || target.height > cap) {
    throw fail.validation(
      params.maxSide !== undefined && params.maxSide < context.maxOutputSide ? "params.maxSide" : field,
      `the output would be ${target.width}x${target.height}, above the ${cap} px limit per side; ask for a smaller scale or target size`,
    );
  }

  const needed = Math.max(target.width / input.width, target.height / input.height);
  const scale = SCALES.find((s) => s >= needed - 1e-9 && supported.includes(s));
  if (scale === undefined) {
    throw fail.validation(
      field,
      `upscaling by ${needed.toFixed(2)}x is more than this engine's ${Math.max(...supported)}x`,
    );
  }
  const exact = target.width !== input.width * scale || target.height !== input.height * scale;
  if (exact)
    notes.push(
      `upscaled ${scale}x by ${engine.descriptor.name}, then resized exactly to ${target.width}x${target.height}`,
    );

  const plan: UpscalePlan = {
    kind: "upscale",
    stages: outputStages("engine.upscale"),
    engine: engine.descriptor.name,
    input,
    scale,
    output: target,
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: `Upscale ${scale === needed ? `${scale}x` : `${target.width}x${target.height}`}`,
  };
  return { plan, notes };
}

/** Upscale tiers from best quality to fastest. */
const TIER_ORDER = ["best", "balanced", "fast", "instant"] as const;

function pickUpscaler(request: JobRequestOf<"upscale">, context: PlanContext, input: ImageInput, notes: string[]) {
  const { engine: name, tier } = request.params;
  const upscalers = context.catalog.forCapability("upscale");
  if (name !== undefined) {
    const named = upscalers.find((e) => e.descriptor.name === name);
    if (!named) {
      const known = upscalers.map((e) => e.descriptor.name).join(", ") || "none";
      throw fail.validation("params.engine", `no upscale engine named "${name}" (available: ${known})`);
    }
    return named;
  }
  if (tier !== undefined) {
    const byTier = upscalers.find((e) => e.tier === tier);
    if (!byTier) {
      const tiers =
        upscalers
          .map((e) => e.tier)
          .filter(Boolean)
          .join(", ") || "none";
      throw new AppError(
        "capability_unavailable",
        `the upscale tier "${tier}" is not available here (available: ${tiers})`,
        {
          field: "params.tier",
        },
      );
    }
    return byTier;
  }
  // Auto: the best tier expected to finish within the budget on one core (ms per input px is measured).
  const pixels = input.width * input.height;
  for (const t of TIER_ORDER) {
    const entry = upscalers.find((e) => e.tier === t);
    if (!entry) continue;
    const msPerPixel = Number(entry.descriptor.limits.msPerInputPixel ?? 0);
    const seconds = (pixels * msPerPixel) / 1000;
    if (seconds <= context.upscaleBudgetS || t === "instant") {
      notes.push(
        `tier ${t} chosen automatically (about ${Math.max(1, Math.round(seconds))} s expected); ask for \`params.tier\` to choose`,
      );
      return entry;
    }
  }
  const chosen = context.catalog.pick("upscale");
  if (!chosen) throw fail.unavailable(HOW_TO_CONFIGURE.upscale, "kind");
  return chosen;
}
