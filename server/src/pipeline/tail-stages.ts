import sharp from "sharp";
import { applyGrade } from "../brand/grading.js";
import { encodePng } from "../imaging/raster-io.js";
import { pixelSha256 } from "../provenance/pixel-hash.js";
import { countFaces } from "../safety/face-count.js";
import { classifyOutput, type OutputVerdict } from "../safety/output-classification.js";
import { fingerprintImage } from "../safety/perceptual-hash.js";
import { protectedCopy } from "../safety/protected-copy.js";
import type { Candidate } from "./candidate.js";
import type { Plan, PlanOutput, StageName } from "./plan-types.js";
import { rankCandidatesOf } from "./rank-outputs.js";
import type { RunContext } from "./run-context.js";

/** A stage every kind shares: takes the candidates so far and hands them, decided or changed, to the next. */
export type TailStage = (plan: Plan, candidates: Candidate[], context: RunContext) => Promise<Candidate[]>;

const blocked = (c: Candidate) => c.safety?.decision === "block";

/** `brand.grade`: grades every candidate toward the kit, at the kit's strength. */
const grade: TailStage = async (plan, candidates) => {
  const brand = plan.brand;
  const kitGrade = brand?.grade;
  if (!brand || !kitGrade) return candidates;
  return candidates.map((c) => ({ ...c, image: applyGrade(c.image, kitGrade, brand.strength) }));
};

/**
 * A selection mask's verdict. A mask is grey levels saying which of the input's own pixels are
 * selected, not imagery: the photo classifier reads it as a picture and misfires (a portrait's people
 * mask scored 0.66 "explicit"), and it shows no faces to count.
 */
const MASK_VERDICT: OutputVerdict = {
  decision: "allow",
  category: null,
  reason: "a selection mask (grey levels over the input's own pixels), not imagery: not classified",
  scores: {},
};

/** `classify`: the output classifier's verdict on each candidate (sexual content, DESIGN.md §6). */
const classify: TailStage = async (plan, candidates, context) => {
  if (plan.kind === "select") return candidates.map((c) => ({ ...c, safety: MASK_VERDICT }));
  const classifier = await context.engines.classifier();
  const out: Candidate[] = [];
  for (const c of candidates) {
    const verdict = await classifyOutput(c.image, classifier, context.outputThresholds, context.signal);
    // Faces counted for representation monitoring (safety/face-count.ts).
    const faces = await facesIn(c, context);
    out.push({ ...c, safety: { ...verdict, faces } });
  }
  return out;
};

async function facesIn(c: Candidate, context: RunContext) {
  const detector = await context.engines.select.faceDetector();
  const faces = await detector.detect(c.image, { signal: context.signal, progress: () => {} });
  return countFaces(faces, c.image.width, c.image.height);
}

/**
 * `similarity`: withholds a candidate that copies a protected work binding the org. The works travel in
 * the plan (fixed when the job was created), so this runs in the worker, in both topologies, before
 * anything is signed: a withheld output is never signed.
 */
const similarity: TailStage = async (plan, candidates) => {
  const works = plan.protectedWorks ?? [];
  if (works.length === 0) return candidates;
  const out: Candidate[] = [];
  for (const c of candidates) {
    const copy = blocked(c) ? null : protectedCopy(works, await fingerprintImage(c.image));
    out.push(copy ? { ...c, safety: copy } : c);
  }
  return out;
};

/** `rank`: scores every candidate and orders them best first (rank-outputs.ts). */
const rank: TailStage = async (plan, candidates) => rankCandidatesOf(candidates, plan.brand, plan.rankWeights);

/** `sign`: encodes each candidate as asked (PNG, or JPEG on white) and signs the allowed ones (C2PA). */
const sign: TailStage = async (plan, candidates, context) => {
  const format = plan.encoding?.format ?? "png";
  const out: Candidate[] = [];
  for (const c of candidates) {
    const png = await encodePng(c.image, c.alpha);
    const bytes =
      format === "jpeg"
        ? await sharp(png)
            .flatten({ background: "#ffffff" })
            .jpeg({ quality: plan.encoding?.quality ?? 90 })
            .toBuffer()
        : png;
    // A withheld candidate is kept only as quarantined bytes for the audit: never signed.
    if (blocked(c) || !context.sign) {
      out.push({ ...c, encoded: { bytes, format } });
      continue;
    }
    const signed = await context.sign(bytes, {
      title: `${c.label}.${format === "jpeg" ? "jpg" : "png"}`,
      seed: c.seed,
      format,
    });
    out.push({ ...c, encoded: { bytes: signed.png, format, manifest: signed.manifest } });
  }
  return out;
};

/** `store`: writes each candidate's bytes (and manifest store) to the blob store and describes it. */
async function store(plan: Plan, candidates: Candidate[], context: RunContext): Promise<PlanOutput[]> {
  const outputs: PlanOutput[] = [];
  for (const c of candidates) {
    if (!c.encoded) throw new Error("the store stage needs the sign stage before it");
    const { bytes, format, manifest } = c.encoded;
    const sha256 = await context.blobs.put(bytes);
    outputs.push({
      ...(c.safety ? { safety: c.safety } : {}),
      ...(manifest
        ? {
            manifest: {
              label: manifest.label,
              manifestHash: manifest.manifestHash,
              storeSha256: await context.blobs.put(manifest.store),
              pixelSha256: await pixelSha256(bytes),
            },
          }
        : {}),
      sha256,
      width: c.image.width,
      height: c.image.height,
      bytes: bytes.length,
      hasAlpha: c.alpha !== null,
      format,
      placement: c.placement,
      label: c.label,
      seed: c.seed,
      scores: c.scores,
    });
  }
  void plan;
  return outputs;
}

/** The shared stages by name; a kind's engine stage is its own (kinds/). */
export const TAIL_STAGES: Partial<Record<StageName, TailStage>> = {
  "brand.grade": grade,
  classify,
  similarity,
  rank,
  sign,
};

export { store as storeStage };
