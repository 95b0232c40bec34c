import { performance } from "node:perf_hooks";
import { loadSdModel } from "../engines/sd/load-sd-model.js";
import { OnnxStableDiffusion } from "../engines/sd/sd-pipeline.js";
import { type ModelFacts, modelFacts } from "./model-facts.js";

/** The smoke generation every added model must pass: one step at 256² (px), a fixed seed. */
export const SMOKE = { width: 256, height: 256, steps: 1, seed: 1 } as const;

/** What `easel models add|test` measured on this machine. */
export interface ModelCheck {
  facts: ModelFacts;
  /** Opening and checking every graph (ms). */
  loadMs: number;
  /** One denoising step at 256², the VAE decode included (s). */
  stepS: number;
}

/**
 * Checks a diffusers ONNX export the way the service will run it: every graph's inputs and outputs
 * against the diffusers contract (`loadSdModel`: names, ranks, dtypes, the UNet's timestep convention),
 * then one step of txt2img at 256² through the real pipeline. Throws with a message naming the file
 * and what was expected; the sessions are released either way.
 */
export async function checkModel(dir: string): Promise<ModelCheck> {
  const started = performance.now();
  const components = await loadSdModel(dir);
  const loadMs = performance.now() - started;
  const facts = modelFacts(components);
  const sd = new OnnxStableDiffusion(components, { previews: false });
  try {
    const step = performance.now();
    const image = await sd.generate(
      {
        prompt: "a red apple on a wooden table",
        width: SMOKE.width,
        height: SMOKE.height,
        steps: SMOKE.steps,
        guidance: facts.generation.guidance.default,
        seed: SMOKE.seed,
      },
      { signal: new AbortController().signal, progress: () => {} },
    );
    const stepS = (performance.now() - step) / 1000;
    if (image.width !== SMOKE.width || image.height !== SMOKE.height) {
      throw new Error(`smoke generation returned ${image.width}x${image.height}, expected 256x256`);
    }
    return { facts, loadMs, stepS };
  } finally {
    await sd.release();
  }
}
