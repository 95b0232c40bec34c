import type { AdjustParamsInput, CreateJobInput } from "@easel/shared/protocol";
import type { CommandInput } from "./command.js";

/** Asset ids a request refers to (uploaded by the run controller). */
export interface UploadedAssets {
  image?: string;
  mask?: string;
}

/** What every request may carry besides the command: the document id for history, a brand kit. */
export interface RequestContext {
  /** The plugin's id for the document (history is listed by it); at most 200 characters. */
  document?: string;
  /** A brand kit the result should follow (`slug` or `slug@version`). */
  brandKit?: string;
}

const opt = <K extends string, V>(key: K, value: V | undefined | ""): { [P in K]?: V } =>
  (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: V };

function required(value: string | undefined, what: string, kind: string): string {
  if (!value) throw new Error(`${kind} needs the ${what}: it was not uploaded`);
  return value;
}

/** The `adjust` job's parameters for Adjust (the sliders) or Recolor to brand (one palette colour). */
export function adjustParams(input: Extract<CommandInput, { kind: "adjust" | "recolor" }>): AdjustParamsInput {
  const mask = { ...opt("feather", input.feather), ...opt("invertMask", input.invertMask) };
  if (input.kind === "adjust") return { ...input.adjustments, ...mask };
  if (!/^#[0-9a-fA-F]{6}$/.test(input.colour)) throw new Error("Pick a colour of the brand kit's palette first.");
  return { recolor: { colour: input.colour, ...opt("strength", input.strength) }, ...mask };
}

/** The job request for a command (pure: same input, same request). */
export function buildJobRequest(
  input: CommandInput,
  assets: UploadedAssets,
  context: RequestContext = {},
): CreateJobInput {
  const common = {
    ...opt("document", context.document?.slice(0, 200)),
    ...opt("brandKit", context.brandKit),
  };
  const text = (i: { prompt?: string; negativePrompt?: string }) => ({
    ...opt("prompt", i.prompt?.trim()),
    ...opt("negativePrompt", i.negativePrompt?.trim()),
  });
  const sampling = (i: { seed?: number; steps?: number; candidates?: number }) => ({
    ...opt("seed", i.seed),
    ...opt("steps", i.steps),
    ...opt("candidates", i.candidates),
  });
  switch (input.kind) {
    case "fill":
    case "remove":
      return {
        kind: "inpaint",
        image: required(assets.image, "image", input.kind),
        mask: required(assets.mask, "mask", input.kind),
        ...(input.kind === "fill" ? text(input) : {}),
        params: { ...sampling(input), ...(input.protectFaces ? { protectFaces: true } : {}) },
        ...common,
      };
    case "expand":
      return {
        kind: "outpaint",
        image: required(assets.image, "image", input.kind),
        ...text(input),
        params: { ...sampling(input), ...opt("extend", input.extend) },
        ...common,
      };
    case "upscale":
      return {
        kind: "upscale",
        image: required(assets.image, "image", input.kind),
        params: { scale: input.scale, ...opt("tier", input.tier), ...opt("maxSide", input.maxSide) },
        ...common,
      };
    case "brand-style":
      if (!input.brandKit) throw new Error("Pick a brand kit first: Apply brand style grades the image to a kit.");
      return {
        kind: "stylize",
        image: required(assets.image, "image", input.kind),
        ...common,
        brandKit: input.brandKit,
        params: { ...opt("strength", input.strength) },
      };
    case "generate":
      if (!input.prompt.trim()) throw new Error("Describe the image to generate in the prompt box.");
      return {
        kind: "generate",
        ...text(input),
        prompt: input.prompt.trim(),
        params: { ...sampling(input), width: input.width, height: input.height },
        ...common,
      };
    case "variations":
      return {
        kind: "vary",
        image: required(assets.image, "image", input.kind),
        ...text(input),
        ...opt("parent", input.parent),
        params: { ...sampling(input), ...opt("strength", input.strength) },
        ...common,
      };
    case "select":
      return {
        kind: "select",
        image: required(assets.image, "image", input.kind),
        mode: input.mode,
        ...opt("box", input.box),
        params: { ...opt("feather", input.feather) },
        ...common,
      };
    case "adjust":
    case "recolor":
      return {
        kind: "adjust",
        image: required(assets.image, "image", input.kind),
        ...opt("mask", assets.mask),
        params: adjustParams(input),
        ...common,
        // The kit a recolor's swatch came from is recorded with the job (brand adherence, history).
        ...(input.kind === "recolor" ? { brandKit: input.brandKit } : {}),
      };
    default: {
      const never: never = input;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
