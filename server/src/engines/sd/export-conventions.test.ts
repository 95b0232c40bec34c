import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineContext, GenerateOptions } from "../types.js";
import { loadSdModel, type SdSession } from "./load-sd-model.js";
import { OnnxStableDiffusion } from "./sd-pipeline.js";

// The fixture builder lives in tests/ (outside this package's rootDir), so it is imported at run time.
const builderPath = fileURLToPath(new URL("../../../../tests/fixtures/sd/build-tiny-pipeline.ts", import.meta.url));
type Spec = Record<string, unknown>;
interface Builder {
  writeTinyPipeline(dir: string, spec?: Spec): Promise<string>;
  EXPORT_CONVENTIONS: Record<string, Spec>;
}

let root: string;
let builder: Builder;
const quiet = (): EngineContext => ({ signal: new AbortController().signal, progress: () => {} });
const base: GenerateOptions = {
  prompt: "a lighthouse at dusk",
  width: 64,
  height: 64,
  steps: 3,
  guidance: 7.5,
  seed: 9,
};

/** A pipeline whose UNet session records every `timestep` feed it gets. */
async function recording(dir: string) {
  const feeds: { type: string; dims: readonly number[] }[] = [];
  const components = await loadSdModel(dir, {
    createSession: async (file): Promise<SdSession> => {
      const session = await ort.InferenceSession.create(file);
      const isUnet = path.basename(path.dirname(file)) === "unet";
      return {
        inputMetadata: session.inputMetadata,
        outputMetadata: session.outputMetadata,
        release: () => session.release(),
        run: (input) => {
          if (isUnet) feeds.push({ type: input.timestep?.type ?? "none", dims: input.timestep?.dims ?? [] });
          return session.run(input);
        },
      };
    },
  });
  return { sd: new OnnxStableDiffusion(components), feeds };
}

beforeAll(async () => {
  builder = (await import(builderPath)) as Builder;
  root = await mkdtemp(path.join(os.tmpdir(), "easel-sd-conventions-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("UNet export conventions", () => {
  // [convention, timestep dtype, dims fed at batch 1, dims fed at batch 2 (classifier-free guidance)]
  const cases: [string, string, number[], number[]][] = [
    ["diffusers", "float32", [1], [2]],
    ["optimumLegacy", "int64", [1], [2]],
    ["optimumCurrent", "float32", [], []],
    ["lcm", "float32", [], []],
    ["inpainting", "float32", [1], [2]],
  ];

  it.each(cases)(
    "feeds the %s export the timestep dtype and rank it declares, one UNet call per pass",
    async (name, type, one, two) => {
      const dir = await builder.writeTinyPipeline(path.join(root, name), builder.EXPORT_CONVENTIONS[name]);
      const { sd, feeds } = await recording(dir);
      try {
        const plain = await sd.run({ kind: "generate", options: { ...base, guidance: 1 } }, quiet());
        expect(plain.classifierFreeGuidance).toBe(false);
        expect(feeds).toEqual(Array.from({ length: base.steps }, () => ({ type, dims: one })));
        feeds.length = 0;
        const guided = await sd.run({ kind: "generate", options: base }, quiet());
        // LCM takes guidance as an embedding (batch 1); the others run both halves in one batch of 2.
        const batch = name === "lcm" ? one : two;
        expect(guided.classifierFreeGuidance).toBe(name !== "lcm");
        expect(feeds).toEqual(Array.from({ length: base.steps }, () => ({ type, dims: batch })));
        expect([guided.image.width, guided.image.height]).toEqual([64, 64]);
      } finally {
        await sd.release();
      }
    },
  );

  it("runs SD-Turbo exported by current optimum (rank-0 timestep) without guidance: one step, one UNet call", async () => {
    // The defect real exports hit: [1] fed to a rank-0 timestep, and a retry decided by the error text.
    const dir = await builder.writeTinyPipeline(path.join(root, "turbo"), {
      ...builder.EXPORT_CONVENTIONS.optimumCurrent,
      scheduler: { _class_name: "EulerAncestralDiscreteScheduler", timestep_spacing: "trailing" },
    });
    const { sd, feeds } = await recording(dir);
    try {
      const result = await sd.run({ kind: "generate", options: { ...base, steps: 1, guidance: 0 } }, quiet());
      expect(result.timesteps).toEqual([999]);
      expect(feeds).toEqual([{ type: "float32", dims: [] }]);
    } finally {
      await sd.release();
    }
  });

  it("fixture graphs fail on a timestep of the wrong rank, like traced exports", async () => {
    const scalarDir = await builder.writeTinyPipeline(
      path.join(root, "rank0"),
      builder.EXPORT_CONVENTIONS.optimumCurrent,
    );
    const batchDir = await builder.writeTinyPipeline(path.join(root, "rank1"), builder.EXPORT_CONVENTIONS.diffusers);
    const feeds = (timestep: ort.Tensor) => ({
      sample: new ort.Tensor("float32", new Float32Array(4 * 8 * 8), [1, 4, 8, 8]),
      timestep,
      encoder_hidden_states: new ort.Tensor("float32", new Float32Array(77 * 32), [1, 77, 32]),
    });
    const scalarUnet = await ort.InferenceSession.create(path.join(scalarDir, "unet", "model.onnx"));
    const batchUnet = await ort.InferenceSession.create(path.join(batchDir, "unet", "model.onnx"));
    try {
      await expect(scalarUnet.run(feeds(new ort.Tensor("float32", Float32Array.of(999), [1])))).rejects.toThrow();
      await expect(batchUnet.run(feeds(new ort.Tensor("float32", Float32Array.of(999), [])))).rejects.toThrow();
      await expect(scalarUnet.run(feeds(new ort.Tensor("float32", Float32Array.of(999), [])))).resolves.toBeDefined();
      await expect(batchUnet.run(feeds(new ort.Tensor("float32", Float32Array.of(999), [1])))).resolves.toBeDefined();
    } finally {
      await Promise.all([scalarUnet.release(), batchUnet.release()]);
    }
  });
});
