import type { Placement } from "@easel/shared/protocol";
import type { RasterImage } from "../engines/types.js";
import type { PlanOutput } from "./plan-types.js";

/** One image a job made, as it moves through the tail stages (engine → … → store) inside a worker thread. */
export interface Candidate {
  /** The final RGB pixels (graded when the brand kit asks). */
  image: RasterImage;
  /** Its alpha channel, when the input had one. */
  alpha: RasterImage | null;
  placement: Placement;
  label: string;
  seed: number | null;
  /** Set by `rank`: quality, adherence (with a kit) and the combined score. */
  scores: Record<string, number>;
  /** Set by `classify` and `similarity`; a block is final and keeps the candidate from `sign`. */
  safety?: NonNullable<PlanOutput["safety"]>;
  /** Set by `sign`: the encoded bytes (signed unless withheld) and the manifest they carry. */
  encoded?: {
    bytes: Uint8Array;
    format: "png" | "jpeg";
    manifest?: { label: string; manifestHash: string; store: Uint8Array };
  };
}

/** The label of the `index`-th of `count` candidates. */
export function candidateLabel(label: string, index: number, count: number): string {
  return count > 1 ? `${label} (${index + 1}/${count})` : label;
}
