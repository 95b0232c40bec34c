import { fingerprintFromJson, type ProtectedWorkJson } from "./fingerprint-json.js";
import type { ImageFingerprint } from "./perceptual-hash.js";
import { type ReferenceCopy, SimilarityIndex } from "./similarity-index.js";

/** The safety verdict on an output that copies a protected work. */
export interface CopyVerdict {
  decision: "block";
  category: "copyright";
  reason: string;
  scores: { hamming: number };
}

/**
 * The protected work an output copies, among the works a job carries (already those binding its org),
 * as the verdict that withholds it; null when it copies none. Runs in the worker's `similarity` stage.
 */
export function protectedCopy(works: readonly ProtectedWorkJson[], fingerprint: ImageFingerprint): CopyVerdict | null {
  if (works.length === 0) return null;
  const index = new SimilarityIndex();
  for (const work of works) index.add({ id: work.id, fingerprints: work.fingerprints.map(fingerprintFromJson) });
  const copy: ReferenceCopy | null = index.findCopy(fingerprint);
  if (!copy) return null;
  return {
    decision: "block",
    category: "copyright",
    reason: `too close to protected reference ${copy.id} (${copy.hamming} bits apart)`,
    scores: { hamming: copy.hamming },
  };
}
