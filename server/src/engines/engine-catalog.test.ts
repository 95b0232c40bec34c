import { describe, expect, it } from "vitest";
import { generationLimits, type ModelFacts, modelEntries, type RegisteredModel } from "../models/index.js";
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

describe("registered models in the catalog", () => {
  const facts = (scheduler: string, trailing: boolean, lcm: boolean, modes: ("generate" | "vary")[]): ModelFacts => ({
    scheduler,
    timestep: { type: "float32", shape: [] },
    timestepCondDim: lcm ? 256 : null,
    unetChannels: 4,
    hidden: 1024,
    modes,
    generation: generationLimits(scheduler, trailing, lcm),
    notes: [],
  });
  const model = (name: string, orgId: string | null, f: ModelFacts): RegisteredModel => ({
    name,
    orgId,
    dir: `/models/${name}`,
    facts: f,
    loadMs: 800,
    stepS: 1.5,
    testedAt: 1,
    lastError: null,
    addedAt: 1,
  });
  const catalog = () => {
    const c = buildCatalog(SETUP);
    c.setRegistered({
      entries: [
        ...modelEntries(model("sd-turbo", null, facts("euler", true, false, ["generate", "vary"]))),
        ...modelEntries(model("lcm", "org_a", facts("lcm", false, true, ["generate"]))),
      ],
      orgDefaults: new Map([["org_a", "lcm"]]),
    });
    return c;
  };

  it("shows an org's own models only to that org, with their generation limits", () => {
    const mine = catalog()
      .list("org_a")
      .engines.filter((e) => e.capability === "generate");
    const theirs = catalog()
      .list("org_b")
      .engines.filter((e) => e.capability === "generate");
    expect(mine.map((e) => e.model)).toEqual(["sd-turbo", "lcm"]);
    expect(theirs.map((e) => e.model)).toEqual(["sd-turbo"]);
    expect(theirs[0]?.generation?.steps).toEqual({ min: 1, max: 8, default: 1 });
    expect(mine[1]?.generation?.guidance).toEqual({ min: 1, max: 15, default: 8.5 });
  });

  it("marks the org's default model as its default, and the first model for everyone else", () => {
    const defaults = (org: string) =>
      catalog()
        .list(org)
        .engines.filter((e) => e.default && (e.capability === "generate" || e.capability === "vary"))
        .map((e) => `${e.capability}:${e.model}`);
    // lcm has no vae_encoder, so org_a's variations stay on sd-turbo.
    expect(defaults("org_a")).toEqual(["vary:sd-turbo", "generate:lcm"]);
    expect(defaults("org_b")).toEqual(["generate:sd-turbo", "vary:sd-turbo"]);
  });

  it("gives SD 1.x/2.x exports the usual 20 steps at guidance 7.5", () => {
    expect(generationLimits("euler", false, false)).toMatchObject({
      steps: { min: 1, max: 50, default: 20 },
      guidance: { default: 7.5 },
    });
  });
});
