import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EaselClient } from "@easel/shared";
import sharp from "sharp";
import { DEFAULT_BORDER_PAD, DEFAULT_OVERLAP } from "../../server/src/engines/esrgan/esrgan-descriptor.js";
import type { EsrganTier } from "../../server/src/engines/esrgan/esrgan-models.js";
import { planTiles } from "../../server/src/engines/esrgan/tiling.js";
import { cpuRunsInt8Convolutions } from "../../server/src/engines/esrgan-onnx/cpu-int8.js";
import { esrganOnnxModel } from "../../server/src/engines/esrgan-onnx/esrgan-onnx-models.js";
import { ONNX_TILE_SIZE } from "../../server/src/engines/esrgan-onnx/onnx-esrgan-descriptor.js";
import type { RasterImage } from "../../server/src/engines/types.js";
import { planStrips } from "../../server/src/pipeline/upscale-strips.js";
import { type EaselProcess, startServe } from "../../tests/support/easel-process.js";
import { StripEngine } from "../lib/strip-engine.js";
import { type BenchResult, type BenchSuite, median, round } from "../lib/suite.js";

// 1024² → 4096² upscales the way a user gets them: `easel serve` in a child process on embedded defaults,
// a 1024² photo uploaded over HTTP, `POST /v1/jobs` (upscale x4 at a tier), the job's events followed to
// `succeeded`, the output downloaded and decoded; timed from the create request to the decoded pixels.
// Against it, in the same run and alternating with it, the engine alone as production runs it: the same
// strips the job runner plans, one per thread, each thread holding the engines a pool thread holds (ONNX,
// one intra-op thread), blended as the job's thread blends them; no HTTP, database, PNG or signing.

const photoPath = fileURLToPath(new URL("../../tests/fixtures/photos/forest-stream.png", import.meta.url));
const RUNS = { fast: 5, balanced: 3, best: 3, best_int8: 3 } as const;
const TARGET = { fast: "< 20", balanced: "< 60", best: "< 150", best_int8: "< 150" } as const;
type Figure = keyof typeof RUNS;
/** Embedded defaults give the service one pool thread per core; an upscale is split over at most 4 of them. */
const THREADS = Math.min(4, Math.max(1, availableParallelism()));

const load = () => `load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores (other work shares them)`;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

async function rawPhoto(side: number): Promise<{ png: Buffer; raster: RasterImage }> {
  const png = await sharp(photoPath).resize(side, side, { fit: "cover" }).removeAlpha().png().toBuffer();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const raster: RasterImage = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3,
  };
  return { png, raster };
}

/** One upscale through the service: create → events until succeeded → download → decode. */
async function serviceUpscale(client: EaselClient, image: string, tier: EsrganTier, side: number): Promise<void> {
  const { id } = await client.createJob({ kind: "upscale", image, params: { scale: 4, tier } });
  let ended = "";
  for await (const event of client.events(id)) ended = event.type;
  if (ended !== "succeeded")
    throw new Error(`upscale job ${id} ended ${ended}: ${JSON.stringify(await client.getJob(id))}`);
  const job = await client.getJob(id);
  const bytes = await client.downloadAsset(job.layers[0]?.assetId as string);
  const meta = await sharp(bytes).metadata();
  const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  if (meta.width !== side * 4 || info.height !== side * 4) throw new Error(`output is ${meta.width}x${info.height}`);
}

interface Service {
  easel: EaselProcess;
  client: EaselClient;
}

async function startService(dataDir: string, precision: "fp32" | "int8"): Promise<Service> {
  // Defaults but two: which precision the best tier runs at (the figure names it), and a job timeout long
  // enough for float32 best on a machine other work shares (a limit, not a speed).
  const easel = await startServe(
    { EASEL_LOG_LEVEL: "warn", EASEL_UPSCALE_BEST_PRECISION: precision, EASEL_JOB_TIMEOUT_MS: "1800000" },
    dataDir,
  );
  const client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("bench", "bench") });
  return { easel, client };
}

const suite: BenchSuite = {
  name: "upscale-service",
  async run() {
    const dataDir = await mkdtemp(join(tmpdir(), "easel-bench-upscale-"));
    try {
      return await measure(dataDir);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

async function measure(dataDir: string): Promise<BenchResult[]> {
  const side = 1024;
  const input = await rawPhoto(side);
  const small = await rawPhoto(256); // warm-up: loads the tier's engine in every thread (2+ strips)
  const results: BenchResult[] = [];
  const figures: Record<string, { service: number; engine: number }> = {};
  const cacheDir = join(dataDir, "models"); // the service's model cache, shared with the engine threads

  const plan: { figure: Figure; tier: EsrganTier; precision: "fp32" | "int8" }[] = [
    { figure: "fast", tier: "fast", precision: "fp32" },
    { figure: "balanced", tier: "balanced", precision: "fp32" },
    { figure: "best", tier: "best", precision: "fp32" },
    { figure: "best_int8", tier: "best", precision: "int8" },
  ];
  let service: (Service & { precision: string; image: string; warm: string }) | undefined;
  let engine: { strips: StripEngine; precision: string } | undefined;
  try {
    for (const { figure, tier, precision } of plan) {
      if (service?.precision !== precision) {
        await service?.easel.stop();
        await engine?.strips.close();
        const started = await startService(dataDir, precision);
        const image = (await started.client.uploadAsset(input.png, "image/png")).id;
        const warm = (await started.client.uploadAsset(small.png, "image/png")).id;
        service = { ...started, precision, image, warm };
        const setup = { inpaintModelPath: null, sdModelDir: null, comfy: null, modelCacheDir: cacheDir };
        engine = { strips: new StripEngine({ ...setup, bestPrecision: precision }, THREADS), precision };
      }
      const { client, image, warm } = service;
      const strips = (engine as { strips: StripEngine }).strips;
      const name = `esrgan-${tier}`;
      await serviceUpscale(client, warm, tier, 256);
      await strips.upscale(name, small.raster, 4);
      const serviceTimes: number[] = [];
      const engineTimes: number[] = [];
      // Alternating, so that load from other work falls on both alike.
      for (let i = 0; i < RUNS[figure]; i++) {
        serviceTimes.push(await seconds(() => serviceUpscale(client, image, tier, side)));
        engineTimes.push(await seconds(() => strips.upscale(name, input.raster, 4)));
        process.stderr.write(
          `  ${figure} run ${i + 1}: service ${serviceTimes.at(-1)} s, engine ${engineTimes.at(-1)} s\n`,
        );
      }
      const s = median(serviceTimes);
      const e = median(engineTimes);
      figures[figure] = { service: s, engine: e };
      const way = `${strips.threads} strips in ${strips.threads} threads x 1 intra-op thread, ${precision}`;
      const auto =
        tier === "best" ? `; auto precision here: ${cpuRunsInt8Convolutions() ? "int8 (VNNI)" : "fp32"}` : "";
      results.push(
        {
          id: `upscale.4k.engine.${figure}_s`,
          value: round(e, 2),
          unit: "s",
          runs: RUNS[figure],
          note: `engine alone, the lower bound: a 1024x1024 photo → 4096x4096 as the job runner splits it (${way}; each thread's engines built by WorkerEngines as a pool thread builds them), strips blended; no HTTP, database, PNG or signing; ${load()}`,
        },
        {
          id: `upscale.4k.${figure}_s`,
          value: round(s, 2),
          unit: "s",
          target: TARGET[figure],
          baseline: { id: `upscale.4k.engine.${figure}_s`, value: round(e, 2) },
          ratio: round(s / e, 3),
          runs: RUNS[figure],
          note: `easel serve (embedded defaults, EASEL_UPSCALE_BEST_PRECISION=${precision}): POST /v1/jobs upscale x4 tier ${tier} of an uploaded 1024x1024 photo → events to succeeded → download → decode 4096x4096, timed from the create request; ${way}${auto}; ${load()}`,
        },
      );
    }
  } finally {
    await service?.easel.stop();
    await engine?.strips.close();
  }

  const best = figures.best as { service: number; engine: number };
  results.push({
    id: "upscale.4k.best.service_over_engine",
    value: round(best.service / best.engine, 3),
    unit: "x",
    target: "<= 1.15",
    baseline: { id: "upscale.4k.engine.best_s", value: round(best.engine, 2) },
    ratio: round(best.service / best.engine, 3),
    runs: RUNS.best,
    note: `upscale.4k.best_s ${round(best.service, 2)} s / upscale.4k.engine.best_s ${round(best.engine, 2)} s (float32), runs alternating; ${load()}`,
  });

  // Achieved throughput of the engine on the real job: the graph's convolution FLOPs over every tile of
  // every strip (border and overlaps included), per wall second of the float32 engine run.
  const { convFlopsPerInputPixel } = await esrganOnnxModel("best", 4, cacheDir);
  const tiling = { tileSize: ONNX_TILE_SIZE.best, overlap: DEFAULT_OVERLAP };
  const pad = 2 * DEFAULT_BORDER_PAD;
  const tilePixels = planStrips(side, THREADS)
    .flatMap((span) => planTiles(side + pad, span.y1 - span.y0 + pad, tiling))
    .reduce((sum, t) => sum + t.width * t.height, 0);
  results.push({
    id: "upscale.onnx.best.gflops",
    value: round((convFlopsPerInputPixel * tilePixels) / best.engine / 1e9, 1),
    unit: "GFLOP/s",
    runs: RUNS.best,
    note: `${round(convFlopsPerInputPixel / 1e6, 2)} MFLOP per tile input px (2 x multiply-adds of the graph's Conv shapes) x ${tilePixels} tile px over ${THREADS} strips (${round(tilePixels / side ** 2, 3)}x the image: border and overlaps) / upscale.4k.engine.best_s ${round(best.engine, 2)} s; compare machine.conv.peak_gflops (upscale-onnx); ${load()}`,
  });
  return results;
}

export default suite;
