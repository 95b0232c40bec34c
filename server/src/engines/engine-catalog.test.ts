import { describe, expect, it } from "vitest";
import { buildCatalog, type EngineSetup } from "./builtin-engines.js";

const SETUP: EngineSetup = {
  inpaintModelPath: null,
  sdModelDir: null,
  comfy: null,
  modelCacheDir: null,
  bestPrecision: "fp32",
};

describe("engine catalog facts", () => {
  it("takes an engine's device and claims from its descriptor, never from its name", () => {
    const catalog = buildCatalog({
      ...SETUP,
      comfy: { servers: ["http://127.0.0.1:1"], checkpoint: "sd.safetensors" },
    });
    expect(catalog.deviceOf("comfyui")).toBe("gpu");
    expect(catalog.factsOf("comfyui")).toEqual({ trainedModel: true, splits: false, device: "gpu" });
    // A resampler is a classical algorithm on the CPU: no trained-model claim in its manifests.
    expect(catalog.factsOf("lanczos3")).toMatchObject({ trainedModel: false, device: "cpu" });
  });

  it("treats a name it does not know as CPU work with no facts", () => {
    const catalog = buildCatalog(SETUP);
    expect(catalog.deviceOf("noop")).toBe("cpu");
    expect(catalog.factsOf("no-such-engine")).toBeNull();
  });
});
