import { z } from "zod";
import { AdjustParams } from "./adjust-params.js";
import { AssetId } from "./asset.js";
import { ModelName } from "./engine.js";
import { SelectBox, SelectMode, SelectParams } from "./select-params.js";

/** `slug` (latest version at job creation) or `slug@N` (pinned version). */
export const BrandKitRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}(@[1-9][0-9]*)?$/, "must be a kit slug or slug@version, e.g. acme or acme@3");

export const JobId = z.string().regex(/^job_[0-9a-z]{20,40}$/, "must be a job id (job_…)");

const Seed = z.number().int().min(0).max(4_294_967_295);
const Candidates = z.number().int().min(1).max(8);
const Prompt = z.string().trim().min(1, "must not be empty").max(2000);
const EngineName = z.string().min(1).max(64);
/** Longest output side a client asks for; the server's own cap still applies (px). */
const MaxSide = z.number().int().min(64).max(16384);

/** How outputs are encoded: PNG (lossless, keeps transparency) or JPEG on request; both carry C2PA. */
export const OutputEncoding = z.object({
  format: z.enum(["png", "jpeg"]).default("png"),
  /** JPEG quality 50..100. */
  quality: z.number().int().min(50).max(100).default(90),
});
export type OutputEncoding = z.infer<typeof OutputEncoding>;

const common = {
  output: OutputEncoding.optional(),
  /** The design document this job belongs to (e.g. a Figma file key), for history. */
  document: z.string().min(1).max(200).optional(),
  /** The job this one was derived from (variations, edits of a result). */
  parent: JobId.optional(),
  /**
   * The job this one tries again (the designer pressed Regenerate on the same source): the earlier
   * attempt counts as not satisfying on the first try. Plugins set it; the server also links a job to a
   * recent one by the same user on the same source and kind when it is absent (server/src/quality).
   */
  regenerates: JobId.optional(),
  brandKit: BrandKitRef.optional(),
  /**
   * Queue lane: `interactive` (a designer is waiting; plugins send this) runs before `bulk` (batch API
   * work). Defaults to bulk for enterprise API orgs and interactive for everyone else.
   */
  priority: z.enum(["interactive", "bulk"]).optional(),
};

export const GenerateParams = z.object({
  seed: Seed.optional(),
  width: z.number().int().min(64).max(4096).default(1024),
  height: z.number().int().min(64).max(4096).default(1024),
  steps: z.number().int().min(1).max(150).optional(),
  guidance: z.number().min(0).max(30).optional(),
  candidates: Candidates.default(1),
  engine: EngineName.optional(),
  /** A registered model (`GET /v1/engines` lists them); default: the org's default model, else the server's. */
  model: ModelName.optional(),
});

export const VaryParams = z.object({
  seed: Seed.optional(),
  strength: z.number().min(0).max(1).default(0.5),
  steps: z.number().int().min(1).max(150).optional(),
  guidance: z.number().min(0).max(30).optional(),
  candidates: Candidates.default(1),
  engine: EngineName.optional(),
  /** A registered model, as for generate. */
  model: ModelName.optional(),
});

export const InpaintParams = z.object({
  seed: Seed.optional(),
  steps: z.number().int().min(1).max(150).optional(),
  guidance: z.number().min(0).max(30).optional(),
  candidates: Candidates.default(1),
  /** Grow the mask before generating, and feather it when compositing (px). */
  grow: z.number().int().min(0).max(256).default(8),
  feather: z.number().int().min(0).max(256).default(8),
  engine: EngineName.optional(),
  /** Engine-specific fill method, e.g. `telea`, `ns` or `patch` for the local engine; `auto` by default. */
  method: z.string().min(1).max(32).optional(),
  /** Keep the faces a face detector finds out of the fill: they come back byte-identical. */
  protectFaces: z.boolean().default(false),
});

export const OutpaintParams = InpaintParams.extend({
  /** New pixels on each side (px). Either this or `aspectRatio`. */
  extend: z
    .object({
      left: z.number().int().min(0).max(4096).default(0),
      top: z.number().int().min(0).max(4096).default(0),
      right: z.number().int().min(0).max(4096).default(0),
      bottom: z.number().int().min(0).max(4096).default(0),
    })
    .optional(),
  /** Target aspect ratio such as "16:9", reached by extending the shorter dimension evenly. */
  aspectRatio: z
    .string()
    .regex(/^[1-9][0-9]{0,3}:[1-9][0-9]{0,3}$/, "must look like 16:9")
    .optional(),
});

export const UpscaleTier = z.enum(["instant", "fast", "balanced", "best"]);
export type UpscaleTier = z.infer<typeof UpscaleTier>;

export const UpscaleParams = z.object({
  /** Scale factor; ignored when `width`/`height` give a target size. */
  scale: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional(),
  /** Exact target size (px); the aspect ratio of the source is kept when only one is given. */
  width: z.number().int().min(1).max(16384).optional(),
  height: z.number().int().min(1).max(16384).optional(),
  tier: UpscaleTier.optional(),
  maxSide: MaxSide.optional(),
  engine: EngineName.optional(),
});

export const StylizeParams = z.object({
  strength: z.number().min(0).max(1).default(0.75),
  engine: EngineName.optional(),
});

export const NoopParams = z.object({
  /** CPU time the diagnostic job burns in a worker thread (ms). */
  workMs: z.number().int().min(0).max(600_000).default(0),
});

export const GenerateRequest = z.object({
  kind: z.literal("generate"),
  prompt: Prompt,
  negativePrompt: z.string().max(2000).optional(),
  params: GenerateParams.default(GenerateParams.parse({})),
  ...common,
});
export const VaryRequest = z.object({
  kind: z.literal("vary"),
  image: AssetId,
  prompt: Prompt.optional(),
  negativePrompt: z.string().max(2000).optional(),
  params: VaryParams.default(VaryParams.parse({})),
  ...common,
});
export const InpaintRequest = z.object({
  kind: z.literal("inpaint"),
  image: AssetId,
  /** White = regenerate, black = keep; same size as `image`. */
  mask: AssetId,
  prompt: Prompt.optional(),
  negativePrompt: z.string().max(2000).optional(),
  params: InpaintParams.default(InpaintParams.parse({})),
  ...common,
});
export const OutpaintRequest = z.object({
  kind: z.literal("outpaint"),
  image: AssetId,
  prompt: Prompt.optional(),
  negativePrompt: z.string().max(2000).optional(),
  params: OutpaintParams,
  ...common,
});
export const UpscaleRequest = z.object({
  kind: z.literal("upscale"),
  image: AssetId,
  params: UpscaleParams.default({ scale: 2 }),
  ...common,
});
export const StylizeRequest = z.object({
  kind: z.literal("stylize"),
  image: AssetId,
  brandKit: BrandKitRef,
  params: StylizeParams.default(StylizeParams.parse({})),
  output: common.output,
  document: common.document,
  parent: common.parent,
  regenerates: common.regenerates,
  priority: common.priority,
});
export const NoopRequest = z.object({
  kind: z.literal("noop"),
  params: NoopParams.default(NoopParams.parse({})),
  ...common,
});

/** A selection mask (grey PNG, white = selected, soft edges) the same size as `image`. */
export const SelectRequest = z.object({
  kind: z.literal("select"),
  image: AssetId,
  mode: SelectMode,
  /** Where the subject is, roughly (subject/background modes); the centre of the image otherwise. */
  box: SelectBox.optional(),
  /** A rough mask (white = subject, same size as `image`) to seed subject/background selection. */
  hint: AssetId.optional(),
  params: SelectParams.default(SelectParams.parse({})),
  ...common,
});
/** Photographic adjustments and recolor, limited to `mask` (white = adjust; same size as `image`) when given. */
export const AdjustRequest = z.object({
  kind: z.literal("adjust"),
  image: AssetId,
  mask: AssetId.optional(),
  params: AdjustParams.default(AdjustParams.parse({})),
  ...common,
});

/** Body of `POST /v1/jobs`, discriminated by `kind`. */
export const CreateJobRequest = z.discriminatedUnion("kind", [
  GenerateRequest,
  VaryRequest,
  InpaintRequest,
  OutpaintRequest,
  UpscaleRequest,
  StylizeRequest,
  NoopRequest,
  SelectRequest,
  AdjustRequest,
]);
export type CreateJobRequest = z.infer<typeof CreateJobRequest>;
export type CreateJobInput = z.input<typeof CreateJobRequest>;
export type JobRequestOf<K extends CreateJobRequest["kind"]> = Extract<CreateJobRequest, { kind: K }>;
