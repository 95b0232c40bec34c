import type {
  AdjustParams,
  OutputEncoding,
  PaletteColour,
  Placement,
  SelectBox,
  SelectMode,
} from "@easel/shared/protocol";
import type { Grade } from "../brand/grading.js";
import type { EngineFacts } from "../engines/types.js";
import type { RankWeights } from "../quality/rank-weights.js";
import type { FaceCount } from "../safety/face-count.js";
import type { ProtectedWorkJson } from "../safety/fingerprint-json.js";

/** An input image as the planner sees it (from the assets table, never decoded). */
export interface ImageInput {
  assetId: string;
  width: number; // px
  height: number; // px
  hasAlpha: boolean;
}

/** The brand kit a job follows, pinned to one version: what the worker needs to grade and score. */
export interface PlanBrand {
  slug: string;
  version: number;
  palette: PaletteColour[];
  minAdherence: number;
  /** Applied to outputs when set (stylize always; generate/vary when the kit says so). */
  grade: Grade | null;
  strength: number; // 0..1
  /** The kit's reference images (blob ids): the provenance records them as `inputTo` ingredients. */
  referenceAssetIds: string[];
}

/**
 * Stages a plan runs, in order (pipeline/run-stages.ts executes exactly this list). A kind's own engine
 * stage comes first; every kind that makes images shares the tail (see `OUTPUT_TAIL` in stage-names.ts):
 * all safety decisions come before anything is signed or stored as deliverable. `settle` runs where the
 * job record lives (the API node), after the worker thread handed its outputs back.
 */
export type StageName =
  | "engine.upscale"
  | "engine.inpaint"
  | "engine.generate"
  | "engine.noop"
  | "brand.grade"
  | "engine.select"
  | "engine.adjust"
  | "classify"
  | "similarity"
  | "rank"
  | "sign"
  | "store"
  | "settle";

/** What every plan carries besides its kind's own fields. */
interface PlanBase {
  stages: StageName[];
  /** The pinned brand kit, when the job names one. */
  brand?: PlanBrand;
  /** JPEG outputs, when asked for (PNG otherwise). */
  encoding?: OutputEncoding;
  /**
   * The protected works binding the job's org when it was created (its own and platform entries that
   * do not exempt it): the `similarity` stage checks outputs against them in the worker, before signing.
   */
  protectedWorks?: ProtectedWorkJson[];
  /** Facts of the plan's engine, from its descriptor at planning time (engines/types.ts EngineFacts). */
  engineFacts?: EngineFacts;
  /**
   * Ranking weights learned from the org's feedback (server/src/quality), fixed when the job was created;
   * absent: the default ranking (0.6 adherence + 0.4 quality).
   */
  rankWeights?: RankWeights;
}

export interface UpscalePlan extends PlanBase {
  kind: "upscale";
  engine: string;
  input: ImageInput;
  /** Factor the engine runs at. */
  scale: 2 | 3 | 4;
  /** Final size after an exact resize, when it differs from `input * scale` (px). */
  output: { width: number; height: number };
  placement: Placement;
  label: string;
}

/** The prompt side of a fill done by a diffusion engine (the engine itself is the plan's `engine`). */
export interface GenerativeFill {
  prompt: string;
  negativePrompt: string;
  steps: number;
  guidance: number;
}

/** Fill the white part of a mask (object removal, generative fill), one output per seed. */
export interface InpaintPlan extends PlanBase {
  kind: "inpaint";
  engine: string;
  method: string | null;
  input: ImageInput;
  mask: ImageInput;
  /** Set when a diffusion engine fills the hole from a prompt (generative fill). */
  generative: GenerativeFill | null;
  grow: number; // px
  feather: number; // px
  /** Keep detected faces out of the hole (restored byte for byte); absent in plans made before the option. */
  protectFaces?: boolean;
  seeds: number[];
  placement: Placement;
  label: string;
}

/** Extend the canvas and fill the new area; the original sits at `extend.left, extend.top`. */
export interface OutpaintPlan extends PlanBase {
  kind: "outpaint";
  engine: string;
  method: string | null;
  input: ImageInput;
  canvas: { width: number; height: number; extend: { left: number; top: number; right: number; bottom: number } };
  /** Set when a diffusion engine fills the new area from a prompt. */
  generative: GenerativeFill | null;
  grow: number; // px
  feather: number; // px
  /** Keep detected faces out of the hole (restored byte for byte); absent in plans made before the option. */
  protectFaces?: boolean;
  seeds: number[];
  placement: Placement;
  label: string;
}

/** Text-to-image (and image-to-image when `input` is set), one output per seed. */
export interface GeneratePlan extends PlanBase {
  kind: "generate" | "vary";
  engine: string;
  prompt: string;
  negativePrompt: string | null;
  input: ImageInput | null;
  width: number; // px, a multiple of 8
  height: number; // px, a multiple of 8
  steps: number;
  guidance: number;
  /** How much of `input` to re-noise (vary only). */
  strength: number;
  seeds: number[];
  placement: Placement;
  label: string;
  /** A registered model's directory (server/src/models): the worker loads it by this path. */
  modelDir?: string;
}

/** Grade an image toward a brand kit (CIELAB statistics + palette LUT) at a strength. */
export interface StylizePlan extends PlanBase {
  kind: "stylize";
  engine: string;
  input: ImageInput;
  placement: Placement;
  label: string;
}

/** A selection mask of the image (people, faces, a subject or its background), one grey output. */
export interface SelectPlan extends PlanBase {
  kind: "select";
  /** The engine that makes the final mask (grabCut for subject/background, else the model). */
  engine: string;
  mode: SelectMode;
  input: ImageInput;
  /** A rough mask seeding grabCut, when the request gives one. */
  hint: ImageInput | null;
  box: SelectBox | null;
  /** Whether grabCut starts from the people segmentation model's mask (subject/background without box or hint). */
  seedWithPeople: boolean;
  feather: number; // px
  placement: Placement;
  label: string;
}

/** Photographic adjustments limited to a mask (shared/src/adjust), one output. */
export interface AdjustPlan extends PlanBase {
  kind: "adjust";
  engine: string;
  input: ImageInput;
  mask: ImageInput | null;
  settings: AdjustParams;
  placement: Placement;
  label: string;
}

export interface NoopPlan extends PlanBase {
  kind: "noop";
  workMs: number;
}

/** The plan of each job kind. */
export interface PlanByKind {
  upscale: UpscalePlan;
  inpaint: InpaintPlan;
  outpaint: OutpaintPlan;
  generate: GeneratePlan;
  vary: GeneratePlan;
  stylize: StylizePlan;
  noop: NoopPlan;
  select: SelectPlan;
  adjust: AdjustPlan;
}

/** What a job will do, decided before any compute by a pure function of the request. */
export type Plan =
  | UpscalePlan
  | InpaintPlan
  | OutpaintPlan
  | GeneratePlan
  | StylizePlan
  | NoopPlan
  | SelectPlan
  | AdjustPlan;

/** What the worker hands back for each output image, already stored in the blob store. */
export interface PlanOutput {
  sha256: string;
  width: number;
  height: number;
  bytes: number;
  hasAlpha: boolean;
  format: "png" | "jpeg";
  placement: Placement;
  label: string;
  seed: number | null;
  scores: Record<string, number>;
  /** What the safety stages decided (classifier, then similarity); a blocked output is quarantined unsigned, never delivered. */
  safety?: {
    decision: "allow" | "block";
    category: string | null;
    reason: string;
    scores: Record<string, number>;
    /** Faces in the output (how many, how big), for representation monitoring; absent for masks. */
    faces?: FaceCount;
  };
  /** The C2PA manifest the output was signed with (absent only where signing is off, e.g. diagnostics). */
  manifest?: { label: string; manifestHash: string; storeSha256: string; pixelSha256: string };
  /**
   * Which of the job's candidates this is (0-based, in the order its engine stage made them): the same
   * number in every attempt, so a candidate announced once is never announced again (jobs/candidate-events.ts).
   */
  candidate?: number;
}
