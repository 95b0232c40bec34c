import { z } from "zod";
import { BrandKit } from "./brand-kit.js";

/** One kit of `GET /v1/brand-kits`: its latest version. */
export const BrandKitSummary = z.object({
  slug: z.string(),
  name: z.string(),
  latestVersion: z.number().int(),
  createdAt: z.string(),
});
export type BrandKitSummary = z.infer<typeof BrandKitSummary>;

export const BrandKitList = z.object({ kits: z.array(BrandKitSummary) });
export type BrandKitList = z.infer<typeof BrandKitList>;

/** One stored version of a kit, with the bundle's files (`GET /v1/brand-kits/:slug[/versions/:version]`). */
export const BrandKitVersion = z.object({
  slug: z.string(),
  version: z.number().int(),
  kit: BrandKit,
  /** Bundle path → content-addressed asset and the URL that serves it. */
  files: z.record(z.string(), z.object({ assetId: z.string(), url: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type BrandKitVersion = z.infer<typeof BrandKitVersion>;

/** One difference between two versions of a kit. */
export const BrandKitChange = z.object({
  op: z.enum(["added", "removed", "changed"]),
  /** JSON path, e.g. `palette[2].hex`. */
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** ΔE00 between the old and new colour, for palette hex changes. */
  deltaE: z.number().optional(),
  summary: z.string(),
});

/** `GET /v1/brand-kits/:slug/diff?from=&to=`. */
export const BrandKitDiff = z.object({
  slug: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(BrandKitChange),
});
export type BrandKitDiff = z.infer<typeof BrandKitDiff>;

const Distribution = z.object({
  count: z.number().int(),
  mean: z.number(),
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
});

/** `GET /v1/brand-kits/:slug/drift`: palette adherence of the kit's outputs over time and per version. */
export const BrandKitDrift = z.object({
  slug: z.string(),
  minimum: z.number(),
  overall: Distribution.nullable(),
  byVersion: z.array(Distribution.extend({ kitVersion: z.number().int() })),
  byBucket: z.array(Distribution.extend({ start: z.string(), end: z.string() })),
  recent: z.object({ from: z.string(), to: z.string(), distribution: Distribution.nullable() }),
  /** True when the recent window has enough outputs and their mean is below the kit's minimum. */
  belowMinimum: z.boolean(),
});
export type BrandKitDrift = z.infer<typeof BrandKitDrift>;

/** A version number in a path or query: 1, 2, … */
export const KitVersionNumber = z.coerce
  .number({ error: "must be a version number (1, 2, …)" })
  .int("must be a version number (1, 2, …)")
  .min(1, "must be a version number (1, 2, …)");
