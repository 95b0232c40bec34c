import type { AdjustParamsInput, SelectBox, SelectMode, UpscaleTier } from "@easel/shared/protocol";

/** Sampling options every generative command takes. */
export interface Sampling {
  seed?: number;
  steps?: number;
  candidates?: number;
}

/** Fill and remove: faces the server's detector finds stay out of the fill (they come back unchanged). */
export interface FaceOptions {
  protectFaces?: boolean;
}

/** New pixels on each side of the canvas (px). */
export interface Extension {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The photographic sliders of the Adjust command, in the protocol's units (EV, %, K); recolor is its
 * own command ("Recolor to brand").
 */
export type Adjustments = Omit<AdjustParamsInput, "recolor" | "feather" | "invertMask">;

/** Where an adjustment applies: inside the mask (the selection), softened by `feather` (px). */
export interface MaskOptions {
  /** Soft edge inside the mask (px). */
  feather?: number;
  /** Adjust outside the mask instead of inside it. */
  invertMask?: boolean;
}

/**
 * What a designer asked for, in one vocabulary for every plugin. The host adapter adds what it
 * read from the document (pixels, mask, size); `buildJobRequest` turns both into an API request.
 */
export type CommandInput =
  | ({ kind: "fill"; prompt?: string; negativePrompt?: string } & Sampling & FaceOptions)
  | ({ kind: "remove" } & Sampling & FaceOptions)
  | ({ kind: "expand"; extend?: Extension; prompt?: string; negativePrompt?: string } & Sampling)
  | { kind: "upscale"; scale: 2 | 4; tier?: UpscaleTier; maxSide?: number }
  | { kind: "brand-style"; brandKit: string; strength?: number }
  | ({ kind: "generate"; prompt: string; negativePrompt?: string; width: number; height: number } & Sampling)
  | ({ kind: "variations"; parent?: string; prompt?: string; negativePrompt?: string; strength?: number } & Sampling)
  | { kind: "select"; mode: SelectMode; box?: SelectBox; feather?: number }
  | ({ kind: "adjust"; adjustments: Adjustments } & MaskOptions)
  | ({ kind: "recolor"; brandKit: string; colour: string; strength?: number } & MaskOptions);

export type CommandKind = CommandInput["kind"];

export const COMMAND_KINDS: readonly CommandKind[] = [
  "fill",
  "remove",
  "expand",
  "upscale",
  "brand-style",
  "generate",
  "variations",
  "select",
  "adjust",
  "recolor",
];

/** How each command is named in menus and history, and the verb its progress label uses. */
export const COMMANDS: Record<CommandKind, { label: string; verb: string; history: string }> = {
  fill: { label: "Generative fill", verb: "Filling", history: "Easel Generative Fill" },
  remove: { label: "Remove", verb: "Removing", history: "Easel Remove" },
  expand: { label: "Expand canvas", verb: "Expanding", history: "Easel Expand Canvas" },
  upscale: { label: "Upscale", verb: "Upscaling", history: "Easel Upscale" },
  "brand-style": { label: "Apply brand style", verb: "Styling", history: "Easel Brand Style" },
  generate: { label: "Generate", verb: "Generating", history: "Easel Generate" },
  variations: { label: "Variations", verb: "Making variations", history: "Easel Variations" },
  select: { label: "Select", verb: "Selecting", history: "Easel Select" },
  adjust: { label: "Adjust", verb: "Adjusting", history: "Easel Adjust" },
  recolor: { label: "Recolor to brand", verb: "Recoloring", history: "Easel Recolor" },
};

/** How each select mode is named in menus and history (the "Select subject" family of commands). */
export const SELECT_MODES: Record<SelectMode, { label: string; history: string; done: string }> = {
  subject: { label: "Select subject", history: "Easel Select Subject", done: "Selected the subject." },
  people: { label: "Select people", history: "Easel Select People", done: "Selected the people." },
  faces: { label: "Select faces", history: "Easel Select Faces", done: "Selected the faces." },
  background: { label: "Select background", history: "Easel Select Background", done: "Selected the background." },
};

/** Which commands need an input image, and which a mask. */
export const needsImage = (kind: CommandKind) => kind !== "generate";
export const needsMask = (kind: CommandKind) => kind === "fill" || kind === "remove";
/** Commands that take a mask when there is one (the selection) and work on the whole image otherwise. */
export const takesMask = (kind: CommandKind) => kind === "adjust" || kind === "recolor";

/** The engine capability a command runs on (for limits from `GET /v1/engines`). */
export const CAPABILITY: Record<
  CommandKind,
  "inpaint" | "outpaint" | "upscale" | "stylize" | "generate" | "vary" | "select" | "adjust"
> = {
  fill: "inpaint",
  remove: "inpaint",
  expand: "outpaint",
  upscale: "upscale",
  "brand-style": "stylize",
  generate: "generate",
  variations: "vary",
  select: "select",
  adjust: "adjust",
  recolor: "adjust",
};
