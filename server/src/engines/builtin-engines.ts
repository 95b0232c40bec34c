import { basename } from "node:path";
import type { UpscaleTier } from "@easel/shared/protocol";
import { EngineCatalog } from "./engine-catalog.js";
import { DEFAULT_BORDER_PAD, DEFAULT_OVERLAP, defaultEsrganDescriptor } from "./esrgan/esrgan-descriptor.js";
import { cpuRunsInt8Convolutions } from "./esrgan-onnx/cpu-int8.js";
import {
  defaultOnnxEsrganDescriptor,
  ONNX_TILE_SIZE,
  onnxEsrganDescriptor,
} from "./esrgan-onnx/onnx-esrgan-descriptor.js";
import { LOCAL_INPAINT_DESCRIPTOR } from "./inpaint/auto-inpainter.js";
import { LANCZOS_DESCRIPTOR } from "./lanczos/lanczos-upscaler.js";
import { NSFW_DESCRIPTOR } from "./nsfw/nsfw-descriptor.js";
import { SELECT_DESCRIPTORS, SelectEngines } from "./select/select-engines.js";
import type { EngineDescriptor, Generator, ImageClassifier, Inpainter, Upscaler } from "./types.js";

/** Which engines to offer, from the configuration; plain data so it can be cloned into worker threads. */
export interface EngineSetup {
  /** An image+mask→image ONNX model (LaMa / MI-GAN contract) to offer as an extra inpaint engine. */
  inpaintModelPath: string | null;
  /** A Stable Diffusion ONNX export directory (diffusers layout) for generate and vary. */
  sdModelDir: string | null;
  /** ComfyUI servers (one per GPU) and the checkpoint every one of them has. */
  comfy: { servers: string[]; checkpoint: string } | null;
  /** Where converted models are cached (`<data dir>/models`); null keeps the upscalers on TF.js. */
  modelCacheDir: string | null;
  /** Precision of the `best` upscaler on ONNX: int8 where the CPU has VNNI (2.6x faster, −0.006 dB). */
  bestPrecision: "auto" | "int8" | "fp32";
}

/** Which worker thread this is, and how many there are (to share ComfyUI servers out). */
export interface WorkerIdentity {
  index: number;
  count: number;
}

/**
 * The ComfyUI servers one worker thread dispatches to. Each worker has its own pool, so with at least
 * as many servers as workers each worker gets its own share and every server still runs at most one of
 * our prompts; with fewer servers every worker uses all of them (README: EASEL_WORKERS for ComfyUI nodes).
 */
export function comfyServersFor(servers: readonly string[], worker: WorkerIdentity): string[] {
  if (servers.length < worker.count) return [...servers];
  return servers.filter((_, i) => i % worker.count === worker.index);
}

interface Entry<T> {
  descriptor: EngineDescriptor;
  load: () => Promise<T>;
}

const ESRGAN_TIERS = ["fast", "balanced", "best"] as const;
type EsrganTierName = (typeof ESRGAN_TIERS)[number];

function bestPrecision(setup: EngineSetup): "int8" | "fp32" {
  if (setup.bestPrecision !== "auto") return setup.bestPrecision;
  return cpuRunsInt8Convolutions() ? "int8" : "fp32";
}

/**
 * An ESRGAN tier: converted to ONNX and run on onnxruntime-node (3–5x faster than TF.js wasm here,
 * bench/results/upscale-onnx.json), falling back to TF.js when conversion or loading fails.
 */
function esrganEntry(tier: EsrganTierName, setup: EngineSetup): Entry<Upscaler> & { tier: UpscaleTier } {
  const cacheDir = setup.modelCacheDir;
  if (!cacheDir) {
    return {
      descriptor: defaultEsrganDescriptor(tier),
      tier,
      load: async () => new (await import("./esrgan/esrgan-upscaler.js")).EsrganUpscaler(tier),
    };
  }
  const precision = tier === "best" ? bestPrecision(setup) : "fp32";
  const descriptor =
    precision === "int8"
      ? onnxEsrganDescriptor(
          tier,
          { tileSize: ONNX_TILE_SIZE[tier], overlap: DEFAULT_OVERLAP },
          DEFAULT_BORDER_PAD,
          "int8",
        )
      : defaultOnnxEsrganDescriptor(tier);
  return {
    descriptor,
    tier,
    load: async () => {
      try {
        const { OnnxEsrganUpscaler } = await import("./esrgan-onnx/onnx-esrgan-upscaler.js");
        // One thread per session: the pool runs one worker per core and splits big jobs across them.
        const engine = new OnnxEsrganUpscaler(tier, { cacheDir, precision, intraOpNumThreads: 1 });
        await engine.warmUp();
        return engine;
      } catch (error) {
        process.stderr.write(`esrgan-${tier}: ONNX unavailable (${(error as Error).message}); using TF.js\n`);
        return new (await import("./esrgan/esrgan-upscaler.js")).EsrganUpscaler(tier);
      }
    },
  };
}

/** Every upscaler built in. Loaders import lazily so the main thread loads no models. */
function upscalers(setup: EngineSetup): (Entry<Upscaler> & { tier: UpscaleTier })[] {
  return [
    {
      descriptor: LANCZOS_DESCRIPTOR,
      tier: "instant",
      load: async () => new (await import("./lanczos/lanczos-upscaler.js")).LanczosUpscaler(),
    },
    ...ESRGAN_TIERS.map((tier) => esrganEntry(tier, setup)),
  ];
}

function inpainters(setup: EngineSetup): Entry<Inpainter>[] {
  const entries: Entry<Inpainter>[] = [
    {
      descriptor: LOCAL_INPAINT_DESCRIPTOR,
      load: async () => new (await import("./inpaint/auto-inpainter.js")).AutoInpainter(),
    },
  ];
  const modelPath = setup.inpaintModelPath;
  if (modelPath) {
    entries.push({
      descriptor: {
        name: `onnx-inpaint:${basename(modelPath, ".onnx")}`,
        capability: "inpaint",
        description: `ONNX image+mask→image model ${basename(modelPath)} on onnxruntime-node (CPU)`,
        limits: { model: basename(modelPath) },
      },
      load: async () => {
        const { OnnxInpainter } = await import("./onnx/onnx-inpainter.js");
        const engine = new OnnxInpainter(modelPath);
        await engine.load();
        return engine;
      },
    });
  }
  return entries;
}

/** The output classifier the safety stage runs on every candidate. */
const CLASSIFIERS: Entry<ImageClassifier>[] = [
  {
    descriptor: NSFW_DESCRIPTOR,
    load: async () => new (await import("./nsfw/nsfw-classifier.js")).NsfwClassifier(),
  },
];

const COMFY_DESCRIPTOR = (servers: number, checkpoint: string): EngineDescriptor => ({
  name: "comfyui",
  capability: "generate",
  description: `ComfyUI server pool (${servers} server${servers === 1 ? "" : "s"}, one per GPU), checkpoint ${checkpoint}`,
  limits: { servers, checkpoint, modes: ["generate", "vary"] },
  device: "gpu",
});

function generators(setup: EngineSetup, worker: WorkerIdentity = { index: 0, count: 1 }): Entry<Generator>[] {
  const entries: Entry<Generator>[] = [];
  const comfy = setup.comfy;
  if (comfy && comfy.servers.length > 0) {
    entries.push({
      descriptor: COMFY_DESCRIPTOR(comfy.servers.length, comfy.checkpoint),
      load: async () => {
        const { ComfyPool } = await import("./comfyui/comfy-pool.js");
        const pool = new ComfyPool({
          servers: comfyServersFor(comfy.servers, worker),
          models: { checkpoint: comfy.checkpoint },
        });
        await pool.start();
        return pool;
      },
    });
  }
  const dir = setup.sdModelDir;
  if (!dir) return entries;
  return [
    ...entries,
    {
      descriptor: {
        name: `onnx-sd:${basename(dir)}`,
        capability: "generate",
        description: `Stable Diffusion ONNX export ${basename(dir)} on onnxruntime-node (CPU)`,
        limits: { modes: ["generate", "vary"], model: basename(dir) },
      },
      load: async () => {
        const { OnnxStableDiffusion } = await import("./sd/sd-pipeline.js");
        // One ORT thread per worker: the pool already runs one worker per core.
        return OnnxStableDiffusion.load(dir, { intraOpNumThreads: 1 });
      },
    },
  ];
}

/** A model registered with `easel models add`, loaded from the directory its plan names. */
function registeredModelEntry(key: string, dir: string): Entry<Generator> {
  return {
    descriptor: { name: key, capability: "generate", description: `registered model at ${dir}`, limits: {} },
    load: async () => {
      const { OnnxStableDiffusion } = await import("./sd/sd-pipeline.js");
      // One ORT thread per worker: the pool already runs one worker per core.
      return OnnxStableDiffusion.load(dir, { intraOpNumThreads: 1 });
    },
  };
}

/** The catalog of what this server can run. */
export function buildCatalog(setup: EngineSetup): EngineCatalog {
  const catalog = new EngineCatalog();
  // No fixed default upscaler: the planner picks the best tier that fits the time budget (see plan.ts).
  for (const entry of upscalers(setup))
    catalog.add({ descriptor: entry.descriptor, tier: entry.tier, isDefault: false });
  inpainters(setup).forEach((entry, index) => {
    catalog.add({ descriptor: entry.descriptor, isDefault: index === 0 });
  });
  for (const entry of CLASSIFIERS) catalog.add({ descriptor: entry.descriptor, isDefault: true });
  for (const descriptor of SELECT_DESCRIPTORS) catalog.add({ descriptor, isDefault: false });
  for (const [index, entry] of generators(setup).entries()) {
    catalog.add({ descriptor: entry.descriptor, isDefault: index === 0 });
    // The same engine serves variations (image-to-image).
    catalog.add({ descriptor: { ...entry.descriptor, capability: "vary" }, isDefault: true });
  }
  return catalog;
}

/** Engines instantiated inside one worker thread, each loaded once on first use. */
export class WorkerEngines {
  private readonly loaded = new Map<string, Promise<unknown>>();
  private readonly inpainterEntries: Entry<Inpainter>[];
  private readonly generatorEntries: Entry<Generator>[];
  private readonly upscalerEntries: Entry<Upscaler>[];
  /** Face detection, people segmentation and grabCut (select kind, face counts, protected faces in fills). */
  readonly select = new SelectEngines();

  constructor(setup: EngineSetup, worker: WorkerIdentity = { index: 0, count: 1 }) {
    this.upscalerEntries = upscalers(setup);
    this.inpainterEntries = inpainters(setup);
    this.generatorEntries = generators(setup, worker);
  }

  /**
   * A generator by name; `modelDir` (a registered model's directory, from the plan) loads that directory,
   * once per name and directory, even where a configured engine has the same name.
   */
  generator(name: string, modelDir?: string): Promise<Generator> {
    if (modelDir !== undefined) {
      const key = `${name}@${modelDir}`;
      return this.load([registeredModelEntry(key, modelDir)], key);
    }
    return this.load(this.generatorEntries, name);
  }

  upscaler(name: string): Promise<Upscaler> {
    return this.load(this.upscalerEntries, name);
  }

  inpainter(name: string): Promise<Inpainter> {
    return this.load(this.inpainterEntries, name);
  }

  classifier(name: string = NSFW_DESCRIPTOR.name): Promise<ImageClassifier> {
    return this.load(CLASSIFIERS, name);
  }

  private load<T>(entries: Entry<T>[], name: string): Promise<T> {
    let engine = this.loaded.get(name) as Promise<T> | undefined;
    if (!engine) {
      const entry = entries.find((e) => e.descriptor.name === name);
      if (!entry) return Promise.reject(new Error(`engine "${name}" is not available in this worker`));
      engine = entry.load();
      // A failed load is not cached: the next job may find the files fixed.
      engine.catch(() => this.loaded.delete(name));
      this.loaded.set(name, engine);
    }
    return engine;
  }
}
