import { z } from "zod";

export const Capability = z.enum([
  "generate",
  "vary",
  "inpaint",
  "outpaint",
  "upscale",
  "stylize",
  "classify",
  "select",
]);
export type Capability = z.infer<typeof Capability>;

/** A registered text-to-image model's name (`easel models add … --name`): what a job names as `params.model`. */
export const ModelName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    "must be 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit",
  );
export type ModelName = z.infer<typeof ModelName>;

/** An inclusive range a parameter must fall in, and the value used when a request leaves it out. */
export const ParamRange = z.object({ min: z.number(), max: z.number(), default: z.number() });
export type ParamRange = z.infer<typeof ParamRange>;

/** What a diffusion engine accepts, so a plugin can shape its form: largest side (px), steps and guidance. */
export const GenerationLimits = z.object({
  maxSide: z.number().int().positive(),
  steps: ParamRange,
  guidance: ParamRange,
});
export type GenerationLimits = z.infer<typeof GenerationLimits>;

/** One engine as `GET /v1/engines` lists it. */
export const EngineInfo = z.object({
  name: z.string(),
  capability: Capability,
  description: z.string(),
  default: z.boolean(),
  limits: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])),
  /** A registered model's name (the job's `params.model`); absent for built-in and configured engines. */
  model: ModelName.optional(),
  /** Diffusion engines: the sizes, steps and guidance they take. */
  generation: GenerationLimits.optional(),
  /** Registered models: `ready` after a passing smoke test, `failing` with the last error otherwise. */
  status: z.enum(["ready", "failing"]).optional(),
  /** Registered models: measured on this deployment by `easel models add|test` (ms to load, s per step at 256²). */
  speed: z.object({ loadMs: z.number(), stepS: z.number() }).optional(),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

export const EngineList = z.object({
  engines: z.array(EngineInfo),
  unavailable: z.array(z.object({ capability: Capability, howToConfigure: z.string() })),
});
export type EngineList = z.infer<typeof EngineList>;
