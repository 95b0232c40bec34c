import type { Layer } from "@easel/shared/protocol";
import type { PanelInput } from "./command-input.js";

const MAX_PROMPT = 60; // characters of the prompt kept in a layer name

/** `Easel · <prompt or action> (<seed>)`, the name a kept candidate's layer gets. */
export function easelLayerName(input: PanelInput, layer: Pick<Layer, "label" | "seed">): string {
  const prompt = "prompt" in input ? input.prompt?.trim() : undefined;
  let what = prompt || layer.label;
  if (input.kind === "upscale") what = `${layer.label} ${input.scale}x`;
  if (input.kind === "brand-style") what = `${layer.label} ${input.brandKit}`;
  if (input.kind === "recolor") what = `Recolor ${input.colour} (${input.brandKit})`;
  if (what.length > MAX_PROMPT) what = `${what.slice(0, MAX_PROMPT - 1)}…`;
  return layer.seed === null ? `Easel · ${what}` : `Easel · ${what} (${layer.seed})`;
}
