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

/** One engine as `GET /v1/engines` lists it. */
export const EngineInfo = z.object({
  name: z.string(),
  capability: Capability,
  description: z.string(),
  default: z.boolean(),
  limits: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

export const EngineList = z.object({
  engines: z.array(EngineInfo),
  unavailable: z.array(z.object({ capability: Capability, howToConfigure: z.string() })),
});
export type EngineList = z.infer<typeof EngineList>;
