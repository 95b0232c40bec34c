import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerEngines } from "../engines/builtin-engines.js";
import type { RasterImage } from "../engines/types.js";
import { fingerprintToJson } from "../safety/fingerprint-json.js";
import { fingerprintReference } from "../safety/reference-fingerprints.js";
import { PHOTO_DIR } from "../safety/testing/photo-edits.js";
import { LocalBlobStore } from "../storage/local-blob-store.js";
import type { Candidate } from "./candidate.js";
import type { PlanOutput, StylizePlan } from "./plan-types.js";
import type { RunContext } from "./run-context.js";
import { type EngineStage, runStages } from "./run-stages.js";

const engines = new WorkerEngines({
  inpaintModelPath: null,
  sdModelDir: null,
  comfy: null,
  modelCacheDir: null,
  bestPrecision: "auto",
});

async function photo(name: string): Promise<RasterImage> {
  const { data, info } = await sharp(`${PHOTO_DIR}${name}`)
    .resize(160)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** A photo as a candidate the engine stage made. */
const candidateOf = (image: RasterImage): Candidate => ({
  image,
  alpha: null,
  placement: { x: 0, y: 0, width: image.width, height: image.height },
  label: "out",
  seed: null,
  scores: {},
});

/** An engine stage that hands back a photo as its one candidate. */
const makes = (image: RasterImage): EngineStage => ({ name: "brand.grade", run: async () => [candidateOf(image)] });

const plan = (extra: Partial<StylizePlan> = {}): StylizePlan => ({
  kind: "stylize",
  stages: ["brand.grade", "similarity", "rank", "sign", "store", "settle"],
  engine: "brand-grade",
  input: { assetId: "a", width: 160, height: 100, hasAlpha: false },
  placement: { x: 0, y: 0, width: 160, height: 100 },
  label: "out",
  ...extra,
});

describe("runStages", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const setup = (signal: AbortSignal) => {
    const root = mkdtempSync(join(tmpdir(), "easel-stages-"));
    dirs.push(root);
    const signed: Uint8Array[] = [];
    const stages: string[] = [];
    const context: RunContext = {
      engines,
      blobs: new LocalBlobStore(root),
      signal,
      inputPath: () => "",
      progress: (stage, step) => {
        if (step === 0) stages.push(stage);
      },
      outputThresholds: { explicit: 0.6, suggestive: 0.85 },
      sign: async (bytes) => {
        signed.push(bytes);
        // A stand-in manifest: signing itself is tested with the C2PA reader elsewhere.
        return { png: bytes, manifest: { label: "urn:c2pa:test", manifestHash: "h", store: new Uint8Array([1, 2]) } };
      },
    };
    const blobFiles = () => readdirSync(root, { recursive: true }).filter((f) => String(f).length > 60);
    return { context, signed, stages, blobFiles };
  };

  it("runs the plan's stages in order, signs and stores an allowed output", async () => {
    const { context, signed, stages, blobFiles } = setup(new AbortController().signal);
    const { outputs, stageMs } = await runStages(plan(), makes(await photo("forest-stream.png")), context);
    expect(stages).toEqual(["similarity", "rank", "sign", "store"]);
    expect(Object.keys(stageMs)).toEqual(["brand.grade", "similarity", "rank", "sign", "store"]);
    expect(signed).toHaveLength(1);
    expect(outputs[0]?.manifest?.label).toBe("urn:c2pa:test");
    expect(blobFiles().some((f) => String(f).endsWith(outputs[0]?.sha256 as string))).toBe(true);
  });

  it("withholds an output that copies a protected work the plan carries, before signing: stored unsigned", async () => {
    const work = await photo("fig-in-red-bowl.png");
    const protectedWorks = [{ id: "ref_fig", fingerprints: (await fingerprintReference(work)).map(fingerprintToJson) }];
    const { context, signed } = setup(new AbortController().signal);
    const { outputs } = await runStages(plan({ protectedWorks }), makes(work), context);
    expect(outputs[0]?.safety).toMatchObject({ decision: "block", category: "copyright" });
    expect(outputs[0]?.safety?.reason).toContain("ref_fig");
    expect(outputs[0]?.manifest).toBeUndefined();
    expect(signed).toEqual([]);
    // Another photo passes the same works.
    const other = await runStages(plan({ protectedWorks }), makes(await photo("forest-stream.png")), context);
    expect(other.outputs[0]?.safety).toBeUndefined();
    expect(signed).toHaveLength(1);
  });

  it("runs a plan stored before the shared tail (engine → store) with today's tail", async () => {
    const { context, signed, stages } = setup(new AbortController().signal);
    const { outputs } = await runStages(
      plan({ stages: ["brand.grade", "store"] }),
      makes(await photo("forest-stream.png")),
      context,
    );
    expect(stages).toEqual(["classify", "similarity", "rank", "sign", "store"]);
    expect(signed).toHaveLength(1);
    expect(outputs[0]?.safety?.decision).toBe("allow");
  });

  it("finishes each candidate before the engine makes the next: announced as it is stored, a withheld one never", async () => {
    const work = await photo("fig-in-red-bowl.png");
    const protectedWorks = [{ id: "ref_fig", fingerprints: (await fingerprintReference(work)).map(fingerprintToJson) }];
    const images = [await photo("forest-stream.png"), work, await photo("coffee-cup.png")];
    const { context, signed } = setup(new AbortController().signal);
    const log: string[] = [];
    const announced: PlanOutput[] = [];
    context.delivered = (output) => {
      log.push(`announced ${output.candidate}`);
      announced.push(output);
    };
    const engine: EngineStage = {
      name: "brand.grade",
      run: async (_plan, ctx) => {
        const made = [];
        for (const [i, image] of images.entries()) {
          log.push(`made ${i}`);
          const candidate = { ...candidateOf(image), label: `out (${i + 1}/3)` };
          made.push(candidate);
          await ctx.made?.(candidate);
        }
        return made;
      },
    };
    const { outputs } = await runStages(plan({ protectedWorks }), engine, context);
    // Candidate 0 is decided on, signed, stored and announced before candidate 1 exists; the copy is not announced.
    expect(log).toEqual(["made 0", "announced 0", "made 1", "made 2", "announced 2"]);
    expect(signed).toHaveLength(2);
    expect(announced.map((o) => [o.label, o.manifest?.label])).toEqual([
      ["out (1/3)", "urn:c2pa:test"],
      ["out (3/3)", "urn:c2pa:test"],
    ]);
    // Every candidate comes back, once, best first by the score each was ranked with; the copy stays unsigned.
    expect(outputs.map((o) => o.candidate).sort()).toEqual([0, 1, 2]);
    const scores = outputs.map((o) => o.scores.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const withheld = outputs.find((o) => o.candidate === 1);
    expect(withheld?.safety?.decision).toBe("block");
    expect(withheld?.manifest).toBeUndefined();
  });

  it("finishes and announces the candidates of an engine stage that hands them back all at once", async () => {
    const { context } = setup(new AbortController().signal);
    const announced: (number | undefined)[] = [];
    context.delivered = (output) => announced.push(output.candidate);
    const images = [await photo("forest-stream.png"), await photo("coffee-cup.png")];
    const engine: EngineStage = { name: "brand.grade", run: async () => images.map(candidateOf) };
    const { outputs } = await runStages(plan(), engine, context);
    expect(announced).toEqual([0, 1]);
    expect(outputs).toHaveLength(2);
    expect(outputs.every((o) => o.manifest?.label === "urn:c2pa:test")).toBe(true);
  });

  it("neither signs nor stores once its attempt was cancelled or timed out", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    const { context, signed, blobFiles } = setup(controller.signal);
    await expect(runStages(plan(), makes(await photo("forest-stream.png")), context)).rejects.toThrow("cancelled");
    expect(signed).toEqual([]);
    expect(blobFiles()).toEqual([]);
  });
});
