import { z } from "zod";

/**
 * What `select` finds: `people` (a person segmentation model), `faces` (a face detector; soft ellipses over
 * each face), `subject` (grabCut seeded from `box`, `hint`, or the people mask, or a centred box) and
 * `background` (the subject's complement).
 */
export const SelectMode = z.enum(["subject", "people", "faces", "background"]);
export type SelectMode = z.infer<typeof SelectMode>;

/** A rectangle in the image's pixel coordinates (px): where the subject is, roughly. */
export const SelectBox = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
export type SelectBox = z.infer<typeof SelectBox>;

export const SelectParams = z.object({
  /** Width of the soft edge of the mask (px): 0 gives a hard 0/255 mask. */
  feather: z.number().int().min(0).max(64).default(2),
});
export type SelectParams = z.infer<typeof SelectParams>;
