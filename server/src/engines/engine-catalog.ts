import type { Capability, EngineInfo, UpscaleTier } from "@easel/shared/protocol";
import type { EngineDescriptor, EngineFacts } from "./types.js";

/** An engine the server can run: its static facts and, for upscalers, its quality tier. */
export interface CatalogEntry {
  descriptor: EngineDescriptor;
  tier?: UpscaleTier;
  isDefault: boolean;
}

/** How to enable each capability that has no engine yet, for 503 problems and `GET /v1/engines`. */
export const HOW_TO_CONFIGURE: Record<Capability, string> = {
  generate:
    "Text-to-image needs diffusion weights, which this server does not have. Configure a Stable Diffusion ONNX model directory or a ComfyUI server (see README, Engines).",
  vary: "Variations need a diffusion engine: configure a Stable Diffusion ONNX model directory or a ComfyUI server (see README, Engines).",
  inpaint: "No inpainting engine is configured on this server (see README, Engines).",
  outpaint: "No outpainting engine is configured on this server (see README, Engines).",
  upscale: "No upscaler is configured on this server (see README, Engines).",
  stylize:
    "Brand style transfer needs the brand-kit engine, which is not configured on this server (see README, Engines).",
  classify: "No image classifier is configured on this server.",
  select:
    "No selection engine is configured on this server (the built-in ones ship with it; see README, Select and adjust).",
};

/** What the main thread knows about engines without loading any weights: names, tiers, limits. */
export class EngineCatalog {
  private readonly entries: CatalogEntry[] = [];

  add(entry: CatalogEntry): this {
    this.entries.push(entry);
    return this;
  }

  /** The device an engine computes on; unknown names (e.g. `noop`) are CPU work. */
  deviceOf(name: string): "cpu" | "gpu" {
    return this.entries.find((e) => e.descriptor.name === name)?.descriptor.device ?? "cpu";
  }

  /** The facts a plan carries about an engine (engines/types.ts), or null for a name not in the catalog. */
  factsOf(name: string): EngineFacts | null {
    const entry = this.entries.find((e) => e.descriptor.name === name);
    if (!entry) return null;
    const { trainedModel = true, splits = false, device = "cpu" } = entry.descriptor;
    return { trainedModel, splits, device };
  }

  /** Engines serving a capability; outpainting runs on the inpainting engines (fill on an extended canvas). */
  forCapability(capability: Capability): CatalogEntry[] {
    const served = capability === "outpaint" ? "inpaint" : capability;
    return this.entries.filter((e) => e.descriptor.capability === served);
  }

  /** The engine to use: by name when given, else the capability's default; undefined when none fits. */
  pick(capability: Capability, name?: string): CatalogEntry | undefined {
    const candidates = this.forCapability(capability);
    if (name !== undefined) return candidates.find((e) => e.descriptor.name === name);
    return candidates.find((e) => e.isDefault) ?? candidates[0];
  }

  /** The listing of `GET /v1/engines`. */
  list(): { engines: EngineInfo[]; unavailable: { capability: Capability; howToConfigure: string }[] } {
    const engines = this.entries.map((e) => ({
      name: e.descriptor.name,
      capability: e.descriptor.capability,
      description: e.descriptor.description,
      default: e.isDefault,
      limits: e.tier ? { ...e.descriptor.limits, tier: e.tier } : e.descriptor.limits,
    }));
    const capabilities = Object.keys(HOW_TO_CONFIGURE) as Capability[];
    const unavailable = capabilities
      .filter((c) => this.forCapability(c).length === 0)
      .map((capability) => ({ capability, howToConfigure: HOW_TO_CONFIGURE[capability] }));
    return { engines, unavailable };
  }
}
