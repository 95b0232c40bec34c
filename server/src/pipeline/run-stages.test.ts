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
import type { StylizePlan } from "./plan-types.js";
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

/** An engine stage that hands back a photo as its one candidate. */
const makes = (image: RasterImage): EngineStage => ({
  name: "brand.grade",
  run: async () => [
    {
      image,
      alpha: null,
      placement: { x: 0, y: 0, width: image.width, height: image.height },
      label: "out",
      seed: null,
      scores: {},
    },
  ],
});

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

  it("neither signs nor stores once its attempt was cancelled or timed out", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    const { context, signed, blobFiles } = setup(controller.signal);
    await expect(runStages(plan(), makes(await photo("forest-stream.png")), context)).rejects.toThrow("cancelled");
    expect(signed).toEqual([]);
    expect(blobFiles()).toEqual([]);
  });
});
