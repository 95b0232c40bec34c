import type { CatalogEntry, RegisteredEngines, RegisteredEnginesSource } from "../engines/engine-catalog.js";
import type { EngineDescriptor } from "../engines/types.js";
import type { ModelRegistry, RegisteredModel } from "./model-registry.js";

/** The engine name of a registered model: `onnx-sd:<name>`, as for a configured model directory. */
export const modelEngineName = (name: string): string => `onnx-sd:${name}`;

/** The catalog entries of one registered model: generate, and vary when it has a vae_encoder. */
export function modelEntries(model: RegisteredModel): CatalogEntry[] {
  const { facts } = model;
  const descriptor: EngineDescriptor = {
    name: modelEngineName(model.name),
    capability: "generate",
    description:
      `Stable Diffusion ONNX export "${model.name}" on onnxruntime-node (CPU), ${facts.scheduler} sampler` +
      (facts.unetChannels === 9 ? ", inpainting UNet" : ""),
    limits: {
      modes: facts.modes,
      model: model.name,
      maxSide: facts.generation.maxSide,
      minSteps: facts.generation.steps.min,
      maxSteps: facts.generation.steps.max,
      minGuidance: facts.generation.guidance.min,
      maxGuidance: facts.generation.guidance.max,
      scheduler: facts.scheduler,
    },
  };
  const entry = {
    isDefault: false,
    generation: facts.generation,
    model: {
      name: model.name,
      dir: model.dir,
      orgId: model.orgId,
      status: model.lastError === null ? ("ready" as const) : ("failing" as const),
      speed: model.loadMs !== null && model.stepS !== null ? { loadMs: model.loadMs, stepS: model.stepS } : null,
    },
  };
  const entries: CatalogEntry[] = [{ ...entry, descriptor }];
  if (facts.modes.includes("vary")) entries.push({ ...entry, descriptor: { ...descriptor, capability: "vary" } });
  return entries;
}

/**
 * The catalog's view of the registry: re-read only when its version changed, so `easel models add` on any
 * machine of the deployment shows up at the next job or listing, without a restart.
 */
export function registeredEngines(registry: ModelRegistry): RegisteredEnginesSource {
  let seen: string | null = null;
  return async (): Promise<RegisteredEngines | null> => {
    const version = await registry.version();
    if (version === seen) return null;
    const snapshot = await registry.snapshot();
    seen = version;
    return { entries: snapshot.models.flatMap(modelEntries), orgDefaults: snapshot.orgDefaults };
  };
}
