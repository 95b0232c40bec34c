import type { Capability, EngineInfo, GenerationLimits, UpscaleTier } from "@easel/shared/protocol";
import type { EngineDescriptor, EngineFacts } from "./types.js";

/** An engine the server can run: its static facts and, for upscalers, its quality tier. */
export interface CatalogEntry {
  descriptor: EngineDescriptor;
  tier?: UpscaleTier;
  isDefault: boolean;
  /** Diffusion engines: what they accept (GET /v1/engines `generation`, checked when planning). */
  generation?: GenerationLimits;
  /** A registered model (server/src/models): its name, directory, owner and last smoke test. */
  model?: RegisteredModelEntry;
}

/** What the catalog knows of a model registered with `easel models add`. */
export interface RegisteredModelEntry {
  name: string;
  dir: string;
  /** Null: every org may use it; else only this org. */
  orgId: string | null;
  status: "ready" | "failing";
  speed: { loadMs: number; stepS: number } | null;
}

/** The registered part of the catalog, as a registry reads it: entries and each org's default model. */
export interface RegisteredEngines {
  entries: CatalogEntry[];
  orgDefaults: ReadonlyMap<string, string>;
}

/** Re-reads the registered engines when they changed (cheaply: a version query), else returns null. */
export type RegisteredEnginesSource = () => Promise<RegisteredEngines | null>;

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

/** Whether an org may use an entry: built-in engines and platform-wide models, and the org's own models. */
const visibleTo =
  (orgId: string | undefined) =>
  (e: CatalogEntry): boolean =>
    orgId === undefined || !e.model || e.model.orgId === null || e.model.orgId === orgId;

/** What the main thread knows about engines without loading any weights: names, tiers, limits. */
export class EngineCatalog {
  private readonly builtIn: CatalogEntry[] = [];
  private registered: RegisteredEngines = { entries: [], orgDefaults: new Map() };
  private source: RegisteredEnginesSource | null = null;

  add(entry: CatalogEntry): this {
    this.builtIn.push(entry);
    return this;
  }

  /** Built-in and configured engines first, then registered models. */
  private get entries(): CatalogEntry[] {
    return [...this.builtIn, ...this.registered.entries];
  }

  /** Where registered models come from; `refresh` asks it before planning and listing. */
  useRegistry(source: RegisteredEnginesSource): this {
    this.source = source;
    return this;
  }

  /** Picks up models added or removed since the last call (`easel models add` needs no restart). */
  async refresh(): Promise<void> {
    const next = await this.source?.();
    if (next) this.registered = next;
  }

  /** Replaces the registered engines (tests, and the registry's source). */
  setRegistered(registered: RegisteredEngines): void {
    this.registered = registered;
  }

  /** The model an org's jobs use when they name none, or undefined. */
  defaultModelOf(orgId: string | undefined): string | undefined {
    return orgId === undefined ? undefined : this.registered.orgDefaults.get(orgId);
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

  /**
   * Engines serving a capability; outpainting runs on the inpainting engines (fill on an extended canvas).
   * With an org, models registered for other orgs are left out.
   */
  forCapability(capability: Capability, orgId?: string): CatalogEntry[] {
    const served = capability === "outpaint" ? "inpaint" : capability;
    return this.entries.filter((e) => e.descriptor.capability === served && visibleTo(orgId)(e));
  }

  /** The engine to use: by name when given, else the capability's default; undefined when none fits. */
  pick(capability: Capability, name?: string, orgId?: string): CatalogEntry | undefined {
    const candidates = this.forCapability(capability, orgId);
    if (name !== undefined) return candidates.find((e) => e.descriptor.name === name);
    return candidates.find((e) => e.isDefault) ?? candidates[0];
  }

  /** A registered model usable by `orgId` (null: any org's view), by model name. */
  model(capability: Capability, name: string, orgId?: string): CatalogEntry | undefined {
    return this.forCapability(capability, orgId).find((e) => e.model?.name === name);
  }

  /** The listing of `GET /v1/engines`: with an org, what that org may use, its default model marked. */
  list(orgId?: string): { engines: EngineInfo[]; unavailable: { capability: Capability; howToConfigure: string }[] } {
    const capabilities = Object.keys(HOW_TO_CONFIGURE) as Capability[];
    const orgDefault = this.defaultModelOf(orgId);
    // What a job naming no engine runs on: the org's default model, else the configured default, else the
    // first registered model (pickGenerator in kinds/generate follows the same order).
    const isDefault = (e: CatalogEntry): boolean => {
      const capability = e.descriptor.capability;
      if (capability !== "generate" && capability !== "vary") return e.isDefault;
      const preferred = orgDefault === undefined ? undefined : this.model(capability, orgDefault, orgId);
      if (preferred) return preferred === e;
      return e.model ? this.pick(capability, undefined, orgId) === e : e.isDefault;
    };
    const engines = this.entries.filter(visibleTo(orgId)).map(
      (e): EngineInfo => ({
        name: e.descriptor.name,
        capability: e.descriptor.capability,
        description: e.descriptor.description,
        default: isDefault(e),
        limits: e.tier ? { ...e.descriptor.limits, tier: e.tier } : e.descriptor.limits,
        ...(e.generation ? { generation: e.generation } : {}),
        ...(e.model
          ? { model: e.model.name, status: e.model.status, ...(e.model.speed ? { speed: e.model.speed } : {}) }
          : {}),
      }),
    );
    const unavailable = capabilities
      .filter((c) => this.forCapability(c, orgId).length === 0)
      .map((capability) => ({ capability, howToConfigure: HOW_TO_CONFIGURE[capability] }));
    return { engines, unavailable };
  }
}
