import { z } from "zod";

/** A percentage slider, -100..100 (0: no change). */
const Percent = z.number().min(-100).max(100).default(0);

/** Recolor a selection to one colour (e.g. a brand palette swatch): CIELAB a/b move, lightness structure kept. */
export const Recolor = z.object({
  /** The target colour, `#rrggbb` (sRGB). */
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour"),
  /** How far to move toward it, 0..100 %. */
  strength: z.number().min(0).max(100).default(100),
});
export type Recolor = z.infer<typeof Recolor>;

/**
 * Photographic adjustments in real units, each applied only inside the mask (when one is given). Order of
 * application: white balance and exposure (linear light), tone (CIELAB L*), colour (a*, b*), recolor.
 */
export const AdjustParams = z.object({
  /** Exposure (EV stops): +1 doubles the light, in linear sRGB. */
  exposure: z.number().min(-5).max(5).default(0),
  /** Contrast around mid-grey (L* 50), %. */
  contrast: Percent,
  /** Brighten (+) or recover (−) the highlights (L* above ~50), %. */
  highlights: Percent,
  /** Lift (+) or deepen (−) the shadows (L* below ~50), %. */
  shadows: Percent,
  /** Chroma of every colour, %: −100 gives grey. */
  saturation: Percent,
  /** Chroma, more for muted colours than for saturated ones, %. */
  vibrance: Percent,
  /**
   * White balance (K), as in a raw converter: the colour temperature of the light the image is corrected for.
   * 6500 (D65, sRGB's white) leaves it unchanged; higher warms the image, lower cools it.
   */
  temperature: z.number().min(2000).max(15000).default(6500),
  /** Green (−) to magenta (+) balance, %. */
  tint: Percent,
  /** Local (mid-frequency) contrast of L*, %. */
  clarity: Percent,
  recolor: Recolor.optional(),
  /** Soft edge inside the mask (px): pixels outside the mask never change. */
  feather: z.number().int().min(0).max(256).default(4),
  /** Adjust outside the mask instead of inside it. */
  invertMask: z.boolean().default(false),
});
export type AdjustParams = z.infer<typeof AdjustParams>;
export type AdjustParamsInput = z.input<typeof AdjustParams>;
