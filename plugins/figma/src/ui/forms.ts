import type { Command, SelectMode } from "../messages.js";

/** A control a command form can show. */
export type Field =
  | "prompt"
  | "negative"
  | "size"
  | "aspect"
  | "brandKit"
  | "strength"
  | "candidates"
  | "seed"
  | "tier"
  | "livePreview"
  | "adjust"
  | "swatches"
  | "recolorStrength"
  | "feather";

/** What one menu command's form shows: only the controls that command uses. */
export interface FormSpec {
  command: Command;
  /** The form's title, as the menu names it. */
  title: string;
  /** The run button's words. */
  action: string;
  /** Shown at once, in this order. */
  fields: readonly Field[];
  /** Behind "More options" (closed by default). */
  more: readonly Field[];
  /** True for commands with nothing to choose: they start as soon as the plugin opens. */
  runsAtOnce: boolean;
  /** Placeholder of the prompt when the form has one. */
  promptHint?: string;
}

const FORMS: Record<Command, Omit<FormSpec, "command">> = {
  generate: {
    title: "Generate",
    action: "Generate",
    fields: ["prompt", "size", "brandKit"],
    more: ["negative", "candidates", "seed"],
    runsAtOnce: false,
    promptHint: "A sunlit kitchen table with fresh bread, warm light",
  },
  fill: {
    title: "Fill selection",
    action: "Fill",
    fields: ["prompt", "brandKit"],
    more: ["negative", "candidates", "seed"],
    runsAtOnce: false,
    promptHint: "What should appear in the area (leave empty to remove)",
  },
  expand: {
    title: "Expand to frame",
    action: "Expand",
    fields: ["aspect"],
    more: ["prompt", "candidates", "seed"],
    runsAtOnce: false,
    promptHint: "What the new edges should show (optional)",
  },
  upscale: { title: "Upscale", action: "Upscale", fields: [], more: ["tier"], runsAtOnce: true },
  stylize: {
    title: "Apply brand style",
    action: "Apply style",
    fields: ["brandKit", "strength"],
    more: [],
    runsAtOnce: false,
  },
  vary: {
    title: "Variations",
    action: "Make variations",
    fields: ["strength", "candidates"],
    more: ["prompt", "seed"],
    runsAtOnce: false,
    promptHint: "Steer the variations (optional)",
  },
  // One click from the menu: the mask comes back as a masked copy of the image, previewed like any result.
  select: { title: "Select subject", action: "Select", fields: [], more: [], runsAtOnce: true },
  adjust: {
    title: "Adjust",
    action: "Apply",
    fields: ["livePreview", "adjust"],
    more: ["feather"],
    runsAtOnce: false,
  },
  recolor: {
    title: "Recolor to brand",
    action: "Apply",
    fields: ["brandKit", "swatches", "recolorStrength", "livePreview"],
    more: ["feather"],
    runsAtOnce: false,
  },
};

const SELECT_TITLES: Record<SelectMode, string> = {
  subject: "Select subject",
  people: "Select people",
  background: "Select background",
};

/** The form of `command`; Upscale is titled with its scale ("Upscale 2x"), Select with its mode. */
export function formFor(command: Command, scale?: 2 | 4, selectMode: SelectMode = "subject"): FormSpec {
  const spec = FORMS[command];
  if (command === "select") return { command, ...spec, title: SELECT_TITLES[selectMode] };
  if (command === "upscale" && scale)
    return { command, ...spec, title: `Upscale ${scale}x`, action: `Upscale ${scale}x` };
  return { command, ...spec };
}

/** Every field a form may show, for hiding the rest. */
export const ALL_FIELDS: readonly Field[] = [
  "prompt",
  "negative",
  "size",
  "aspect",
  "brandKit",
  "strength",
  "candidates",
  "seed",
  "tier",
  "livePreview",
  "adjust",
  "swatches",
  "recolorStrength",
  "feather",
];

/** Ratios designers name (width:height); a size within 1.5 % of one is read as it ("≈3:2"). */
const COMMON_RATIOS: readonly [number, number][] = [
  [1, 1],
  [5, 4],
  [4, 3],
  [3, 2],
  [16, 10],
  [16, 9],
  [2, 1],
  [21, 9],
];

/** "4:3" for an exact ratio, "≈3:2" for a near one, else "1.91:1". */
export function aspectLabel(width: number, height: number): string {
  const w = Math.round(width);
  const h = Math.round(height);
  if (w <= 0 || h <= 0) return "–";
  const ratio = w / h;
  // Named as designers name them: 1440×900 is 16:10, not 8:5.
  for (const [a, b] of COMMON_RATIOS) {
    if (w * b === h * a) return `${a}:${b}`;
    if (w * a === h * b) return `${b}:${a}`;
  }
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(w, h);
  if (w / d <= 21 && h / d <= 21) return `${w / d}:${h / d}`;
  for (const [a, b] of COMMON_RATIOS) {
    const [x, y] = ratio >= 1 ? [a, b] : [b, a];
    if (Math.abs(ratio / (x / y) - 1) <= 0.015) return `≈${x}:${y}`;
  }
  return w >= h ? `${ratio.toFixed(2)}:1` : `1:${(1 / ratio).toFixed(2)}`;
}
