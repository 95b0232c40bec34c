import { describe, expect, it } from "vitest";
import type { RasterImage } from "../engines/types.js";
import { STRICT_THRESHOLDS } from "../safety/output-classification.js";
import type { Candidate } from "./candidate.js";
import type { Plan } from "./plan-types.js";
import type { RunContext } from "./run-context.js";
import { TAIL_STAGES } from "./tail-stages.js";

/** A grey mask: a soft ramp, the kind of picture the photo classifier misreads. */
const mask: RasterImage = {
  width: 64,
  height: 64,
  channels: 1,
  data: Uint8Array.from({ length: 64 * 64 }, (_, i) => (i % 64) * 4),
} as RasterImage;

const candidate: Candidate = {
  image: mask,
  alpha: null,
  placement: { x: 0, y: 0, width: 64, height: 64 },
  label: "Select people",
  seed: null,
  scores: {},
};

/** The run context of a worker whose classifier calls everything explicit, and counts its calls. */
function contextWithExplicitClassifier() {
  const calls = { classify: 0 };
  const classifier = {
    classify: async () => {
      calls.classify++;
      return { Porn: 0.9, Hentai: 0, Sexy: 0, Neutral: 0.1, Drawing: 0 };
    },
  };
  const faces = { detect: async () => [] };
  const context = {
    engines: { classifier: async () => classifier, select: { faceDetector: async () => faces } },
    signal: new AbortController().signal,
    outputThresholds: STRICT_THRESHOLDS,
  } as unknown as RunContext;
  return { context, calls };
}

describe("classify", () => {
  it("decides on a selection mask without the photo classifier: a mask is not imagery", async () => {
    const { context, calls } = contextWithExplicitClassifier();
    const classify = TAIL_STAGES.classify as NonNullable<typeof TAIL_STAGES.classify>;
    const [decided] = await classify({ kind: "select" } as Plan, [candidate], context);
    expect(calls.classify).toBe(0);
    expect(decided?.safety).toMatchObject({ decision: "allow", category: null });
    expect(decided?.safety?.reason).toMatch(/selection mask/);
  });

  it("still classifies every other kind's outputs", async () => {
    const { context, calls } = contextWithExplicitClassifier();
    const classify = TAIL_STAGES.classify as NonNullable<typeof TAIL_STAGES.classify>;
    const [decided] = await classify({ kind: "adjust" } as Plan, [candidate], context);
    expect(calls.classify).toBe(1);
    expect(decided?.safety).toMatchObject({ decision: "block", category: "sexual" });
  });
});
