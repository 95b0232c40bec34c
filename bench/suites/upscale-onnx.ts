import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { ESRGAN_MODELS, type EsrganTier } from "../../server/src/engines/esrgan/esrgan-models.js";
import { EsrganUpscaler } from "../../server/src/engines/esrgan/esrgan-upscaler.js";
import { int8Calibration } from "../../server/src/engines/esrgan-onnx/esrgan-int8-calibration.js";
import { OnnxEsrganUpscaler } from "../../server/src/engines/esrgan-onnx/onnx-esrgan-upscaler.js";
import { floatTensor, ints, node, proto, valueInfo } from "../../server/src/engines/esrgan-onnx/onnx-nodes.js";
import { SessionTileRunner, type TileJob, type TileRunner } from "../../server/src/engines/esrgan-onnx/tile-runner.js";
import { ensureTfjsRuntime } from "../../server/src/engines/tfjs/tfjs-runtime.js";
import type { EngineContext, RasterImage } from "../../server/src/engines/types.js";
import { psnr } from "../../server/src/imaging/quality.js";
import { type BenchResult, type BenchSuite, median, round } from "../lib/suite.js";
import { WorkerTileRunner } from "../lib/worker-tile-runner.js";

// ESRGAN on onnxruntime-node against the TF.js wasm engine, the machine's convolution peak, and int8 against
// float32. Speed-ups: the same photo crop through both engines with the same tiles (the TF.js tier's tile
// size), one core each (TF.js wasm runs one thread in Node; ORT one intra-op thread), so the ratio is per
// core. The 1024² → 4096² figures (service and engine) are the `upscale-service` suite's.

const photosDir = fileURLToPath(new URL("../../tests/fixtures/photos/", import.meta.url));
const tiers: EsrganTier[] = ["fast", "balanced", "best"];
const SPEED_RUNS = 3;
const SPEED_CROP: Record<EsrganTier, number> = { fast: 256, balanced: 192, best: 96 }; // px, square
const PEAK_RUNS = 5;

const ignoreProgress: EngineContext = { signal: new AbortController().signal, progress: () => {} };

async function photo(name: string, width: number, height: number): Promise<RasterImage> {
  const { data, info } = await sharp(join(photosDir, name))
    .resize(width, height, { fit: "cover" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** Median seconds of `runs` calls after one warm-up call. */
async function medianSeconds(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await seconds(work));
  return median(times);
}

/**
 * The peak-throughput probe: one 3x3 convolution 64→64 channels (pads 1) between two 1x1 convolutions that
 * take it from and back to 3 channels, so the tile runners (3-channel planar tiles, scale 1) can drive it.
 */
function peakConvModel(): { bytes: Uint8Array; flopsPerPixel: number } {
  const random = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * s);
  const model = proto.ModelProto.create({
    irVersion: proto.Version.IR_VERSION,
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "conv-peak",
      input: [valueInfo("x", [1, 3, "h", "w"])],
      output: [valueInfo("y", [1, 3, "h", "w"])],
      initializer: [
        floatTensor("w_in", [64, 3, 1, 1], random(64 * 3, 0.5)),
        floatTensor("w", [64, 64, 3, 3], random(64 * 64 * 9, 0.05)),
        floatTensor("b", [64], random(64, 0.1)),
        floatTensor("w_out", [3, 64, 1, 1], random(3 * 64, 0.1)),
      ],
      node: [
        node("Conv", ["x", "w_in"], ["a"], [ints("kernel_shape", [1, 1])]),
        node("Conv", ["a", "w", "b"], ["c"], [ints("kernel_shape", [3, 3]), ints("pads", [1, 1, 1, 1])]),
        node("Conv", ["c", "w_out"], ["y"], [ints("kernel_shape", [1, 1])]),
      ],
    },
  });
  return { bytes: proto.ModelProto.encode(model).finish(), flopsPerPixel: 2 * (3 * 64 + 64 * 64 * 9 + 64 * 3) };
}

/** GFLOP/s of `runners` together running `job` `PEAK_RUNS` times each (median wall time of the rounds). */
async function throughput(runners: TileRunner[], job: TileJob, flopsPerRun: number): Promise<number> {
  const round = () => Promise.all(runners.map((runner) => runner.run(job)));
  const s = await medianSeconds(PEAK_RUNS, round);
  return (flopsPerRun * runners.length) / s / 1e9;
}

const suite: BenchSuite = {
  name: "upscale-onnx",
  async run() {
    const cacheDir = await mkdtemp(join(tmpdir(), "easel-bench-onnx-"));
    try {
      return await measure(cacheDir);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  },
};

async function measure(cacheDir: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const load = () => `load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores (other work shares them)`;
  const { threads } = await ensureTfjsRuntime();

  // 1. Speed-up per tier: identical crops and tiles, one core each.
  for (const tier of tiers) {
    const size = SPEED_CROP[tier];
    const crop = await photo("coffee-cup.png", size, size);
    const tiling = { tileSize: ESRGAN_MODELS[tier].tileSize };
    const tfjs = new EsrganUpscaler(tier, tiling);
    const onnx = new OnnxEsrganUpscaler(tier, { cacheDir, ...tiling });
    const tfjsS = await medianSeconds(SPEED_RUNS, () => tfjs.upscale(crop, { scale: 4 }, ignoreProgress));
    const onnxS = await medianSeconds(SPEED_RUNS, () => onnx.upscale(crop, { scale: 4 }, ignoreProgress));
    results.push({
      id: `upscale.onnx.speedup.${tier}`,
      value: round(tfjsS / onnxS, 2),
      unit: "x",
      ...(tier === "best" ? { target: ">= 2.5" } : {}),
      baseline: { id: `upscale.tfjs.${tier}.s`, value: round(tfjsS, 3) },
      runs: SPEED_RUNS,
      note: `TF.js wasm (${threads} thread) ${round(tfjsS, 3)} s / ONNX (1 intra-op thread) ${round(onnxS, 3)} s for a ${size}x${size} photo crop x4, ${tiling.tileSize} px tiles in both; ${load()}`,
    });
  }

  // 2. Machine peak: one big 3x3 convolution on both cores (measured twice; the best counts).
  const probe = await peakProbe(cacheDir);
  const peakBefore = await probe.measure();
  const peakResult: BenchResult = { id: "machine.conv.peak_gflops", value: 0, unit: "GFLOP/s", runs: PEAK_RUNS };
  results.push(peakResult);

  const peakAfter = await probe.measure();
  await probe.close();
  const peak = Math.max(peakBefore.intraOp, peakBefore.twoWorkers, peakAfter.intraOp, peakAfter.twoWorkers);
  const figures = (p: PeakFigures) =>
    `${round(p.intraOp, 1)} as one session x 2 intra-op threads, ${round(p.twoWorkers, 1)} as 2 worker threads x 1 thread, ${round(p.oneCore, 1)} on 1 core`;
  Object.assign(peakResult, {
    value: round(peak, 1),
    note: `one Conv 64→64 3x3 at ${PEAK_SIDE}x${PEAK_SIDE} (+ 1x1 convs 3↔64), ORT CPU, the best of two rounds: ${figures(peakBefore)}; then ${figures(peakAfter)}; ${load()}`,
  });
  results.push(...(await int8Quality(cacheDir, load)));
  return results;
}

interface PeakFigures {
  intraOp: number;
  twoWorkers: number;
  oneCore: number;
}

const PEAK_SIDE = 256; // px

/** The peak-convolution probe with its runners, measured on demand (GFLOP/s each way). */
async function peakProbe(cacheDir: string) {
  const peak = peakConvModel();
  const modelPath = join(cacheDir, "conv-peak.onnx");
  await writeFile(modelPath, peak.bytes);
  const side = PEAK_SIDE;
  const job: TileJob = {
    modelPath,
    input: new Float32Array(3 * side * side).fill(0.5),
    width: side,
    height: side,
    scale: 1,
  };
  const flops = peak.flopsPerPixel * side * side;
  const workers = [new WorkerTileRunner({ intraOpNumThreads: 1 }), new WorkerTileRunner({ intraOpNumThreads: 1 })];
  return {
    measure: async (): Promise<PeakFigures> => ({
      intraOp: await throughput([new SessionTileRunner({ intraOpNumThreads: 2 })], job, flops),
      twoWorkers: await throughput(workers, job, flops),
      oneCore: await throughput([new SessionTileRunner({ intraOpNumThreads: 1 })], job, flops),
    }),
    close: () => Promise.all(workers.map((w) => w.close())),
  };
}

/**
 * The int8 variant of best against float32: every fixture photo downsampled 4x with sharp cubic (~128x85),
 * upscaled 4x by both on one core with the same tiles, PSNR against the original, and the time both took.
 */
async function int8Quality(cacheDir: string, load: () => string): Promise<BenchResult[]> {
  const names = readdirSync(photosDir)
    .filter((f) => f.endsWith(".png"))
    .sort();
  const fp32 = new OnnxEsrganUpscaler("best", { cacheDir });
  const int8 = new OnnxEsrganUpscaler("best", { cacheDir, precision: "int8" });
  await fp32.warmUp([4]);
  await int8.warmUp([4]);
  const calibrated = int8Calibration().calibration.photos.map((p) => basename(p));
  const deltas: number[] = [];
  const heldOut: number[] = [];
  let [fp32S, int8S] = [0, 0];
  for (const name of names) {
    const original = await wholePhoto(name);
    const small = await resizeRaw(original, original.width / 4, original.height / 4);
    let out: RasterImage | undefined;
    fp32S += await seconds(async () => {
      out = await fp32.upscale(small, { scale: 4 }, ignoreProgress);
    });
    const reference = psnr(out as RasterImage, original);
    int8S += await seconds(async () => {
      out = await int8.upscale(small, { scale: 4 }, ignoreProgress);
    });
    const delta = psnr(out as RasterImage, original) - reference;
    deltas.push(delta);
    if (!calibrated.includes(name)) heldOut.push(delta);
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const photos = `${names.length} fixture photos (~512x340) downsampled 4x with sharp cubic, upscaled 4x, ${fp32.tiling.tileSize} px tiles, 1 core`;
  return [
    {
      id: "upscale.onnx.best_int8.psnr_delta_db",
      value: round(mean(deltas), 4),
      unit: "dB",
      target: "> -0.1",
      runs: 1,
      note: `mean PSNR (vs the original) of int8 minus float32 (${int8.precision} in use); held-out photos (not used for calibration) ${round(mean(heldOut), 4)} dB, worst photo ${round(Math.min(...deltas), 4)} dB; ${photos}`,
    },
    {
      id: "upscale.onnx.best_int8.speedup",
      value: round(fp32S / int8S, 2),
      unit: "x",
      target: ">= 1.5",
      baseline: { id: "upscale.onnx.best.photos_s", value: round(fp32S, 3) },
      runs: 1,
      note: `float32 ${round(fp32S, 3)} s / int8 ${round(int8S, 3)} s over the ${photos}; ${load()}`,
    },
  ];
}

async function wholePhoto(name: string): Promise<RasterImage> {
  const { data, info } = await sharp(join(photosDir, name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

async function resizeRaw(image: RasterImage, width: number, height: number): Promise<RasterImage> {
  const raw = { width: image.width, height: image.height, channels: image.channels };
  const { data, info } = await sharp(image.data, { raw })
    .resize(width, height, { kernel: "cubic", fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

export default suite;
