import type { CommandInput, RequestContext } from "@easel/plugin-core";
import type { UpscaleTier } from "@easel/shared/protocol";
import type { PreparedSource } from "../messages.js";

/** What the controls hold when a job starts. */
export interface Controls {
  prompt: string;
  negativePrompt: string;
  brandKit: string;
  seed: number | undefined;
  steps: number | undefined;
  strength: number;
  candidates: number;
  scale: 2 | 4;
  /** Upscale tier; empty lets the server choose within its time budget. */
  tier: "" | UpscaleTier;
  /** Select, Adjust and Recolor: what their own controls ask for (the mode; sliders; swatch and strength). */
  edit?: Extract<CommandInput, { kind: "select" | "adjust" | "recolor" }>;
}

/**
 * Figma's prepared command and controls in the core's vocabulary (pure: UI state → command); the
 * request itself is built by @easel/plugin-core, the same code as Photoshop's.
 */
export function commandInput(
  prepared: PreparedSource,
  controls: Controls,
  document: string | null,
): { input: CommandInput; context: RequestContext } {
  const text = {
    ...(controls.prompt.trim() ? { prompt: controls.prompt.trim() } : {}),
    ...(controls.negativePrompt.trim() ? { negativePrompt: controls.negativePrompt.trim() } : {}),
  };
  const sampling = {
    ...(controls.seed !== undefined ? { seed: controls.seed } : {}),
    ...(controls.steps !== undefined ? { steps: controls.steps } : {}),
    candidates: controls.candidates,
  };
  const context: RequestContext = {
    ...(document ? { document } : {}),
    ...(controls.brandKit ? { brandKit: controls.brandKit } : {}),
  };
  switch (prepared.command) {
    case "upscale":
      // Figma refuses images above 4096 px; the server checks the cap too.
      return {
        input: {
          kind: "upscale",
          scale: controls.scale,
          maxSide: 4096,
          ...(controls.tier ? { tier: controls.tier } : {}),
        },
        context,
      };
    case "fill":
      return { input: { kind: "fill", ...text, ...sampling }, context };
    case "expand":
      return {
        input: { kind: "expand", ...text, ...sampling, ...(prepared.extend ? { extend: prepared.extend } : {}) },
        context,
      };
    case "stylize":
      return {
        input: { kind: "brand-style", brandKit: controls.brandKit, strength: controls.strength },
        context: document ? { document } : {},
      };
    case "vary":
      return {
        input: {
          kind: "variations",
          ...text,
          ...sampling,
          strength: controls.strength,
          ...(prepared.parentJobId ? { parent: prepared.parentJobId } : {}),
        },
        context,
      };
    case "select":
    case "adjust":
    case "recolor": {
      const edit = controls.edit;
      if (edit?.kind !== prepared.command) throw new Error(`nothing chosen for ${prepared.command}`);
      return { input: edit, context: document ? { document } : {} };
    }
    case "generate":
      return {
        input: {
          kind: "generate",
          prompt: controls.prompt.trim(),
          ...(text.negativePrompt ? { negativePrompt: text.negativePrompt } : {}),
          ...sampling,
          width: prepared.size?.width ?? 1024,
          height: prepared.size?.height ?? 1024,
        },
        context,
      };
    default: {
      const never: never = prepared.command;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}
