import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EaselClient, type Job } from "@easel/shared";
import sharp from "sharp";
import { SelectEngines } from "../../server/src/engines/select/select-engines.js";
import type { EngineContext, RasterImage } from "../../server/src/engines/types.js";
import { startServe } from "../../tests/support/easel-process.js";
import { type BenchResult, type BenchSuite, median, round } from "../lib/suite.js";

// Selections as a designer waits for them. Engine figures: each engine alone on one thread, after a warm-up
// (people: MediaPipe selfie segmentation on TF.js wasm at 512²; grabCut: OpenCV.js at 1024² from a box;
// faces: BlazeFace on onnxruntime-node at 512², whole image + four corner windows). Service figures: the same
// selection through `easel serve` (upload once, POST /v1/jobs kind select, events to succeeded, mask
// downloaded), which adds the face gate for people, PNG encoding, the output classifier, signing and storage.

const PORTRAIT = fileURLToPath(new URL("../../tests/fixtures/photos/astronaut-eileen-collins.png", import.meta.url));
const BOWL = fileURLToPath(new URL("../../tests/fixtures/photos/fig-in-red-bowl.png", import.meta.url));
const RUNS = 7;
const SERVICE_RUNS = 5;

const load = () => `load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores (other work shares them)`;

async function png(path: string, side: number): Promise<Buffer> {
  return sharp(path).resize(side, side, { fit: "cover" }).removeAlpha().png().toBuffer();
}

async function raster(bytes: Buffer): Promise<RasterImage> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

async function timed(runs: number, once: () => Promise<unknown>): Promise<number[]> {
  await once(); // warm-up: loads the model and compiles the kernels
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

const suite: BenchSuite = {
  name: "select",
  async run() {
    const context: EngineContext = { signal: new AbortController().signal, progress: () => {} };
    const engines = new SelectEngines();
    const portrait512 = await png(PORTRAIT, 512);
    const bowl1024 = await png(BOWL, 1024);
    const people = await engines.personSegmenter();
    const faces = await engines.faceDetector();
    const grabCut = await engines.subjectSegmenter();
    const p512 = await raster(portrait512);
    const b1024 = await raster(bowl1024);
    const box = { x: 210, y: 0, width: 814, height: 1024 }; // around the bowl at 1024²
    const engine = {
      people: await timed(RUNS, () => people.segment(p512, context)),
      grabcut: await timed(RUNS, () => grabCut.segment(b1024, { box, hint: null }, context)),
      faces: await timed(RUNS, () => faces.detect(p512, context)),
    };

    const dataDir = await mkdtemp(join(tmpdir(), "easel-bench-select-"));
    const easel = await startServe({ EASEL_LOG_LEVEL: "warn" }, dataDir);
    const service: Record<keyof typeof engine, number[]> = { people: [], grabcut: [], faces: [] };
    try {
      const client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("bench", "bench") });
      const portrait = (await client.uploadAsset(portrait512, "image/png")).id;
      const bowl = (await client.uploadAsset(bowl1024, "image/png")).id;
      const select = async (body: Record<string, unknown>) => {
        const { id } = await client.createJob(body as never);
        const job: Job = await client.waitForJob(id);
        if (job.status !== "succeeded") throw new Error(`select job ${id} ended ${job.status}`);
        await client.downloadAsset(job.layers[0]?.assetId as string);
      };
      const requests = {
        people: { kind: "select", image: portrait, mode: "people" },
        grabcut: { kind: "select", image: bowl, mode: "subject", box },
        faces: { kind: "select", image: portrait, mode: "faces" },
      };
      for (const key of Object.keys(requests) as (keyof typeof requests)[]) {
        service[key] = await timed(SERVICE_RUNS, () => select(requests[key]));
      }
    } finally {
      await easel.stop();
      await rm(dataDir, { recursive: true, force: true });
    }

    const figure = (id: string, key: keyof typeof engine, target: string, what: string): BenchResult[] => {
      const engineMs = round(median(engine[key]), 1);
      const serviceMs = round(median(service[key]), 1);
      return [
        {
          id,
          value: engineMs,
          unit: "ms",
          ...(target ? { target } : {}),
          runs: RUNS,
          note: `${what}, engine alone, one thread; ${load()}`,
        },
        {
          id: `${id.replace(/_ms$/, "")}.service_ms`,
          value: serviceMs,
          unit: "ms",
          runs: SERVICE_RUNS,
          baseline: { id, value: engineMs },
          ratio: round(serviceMs / engineMs, 2),
          note: `${what} through easel serve: create job → succeeded → mask downloaded`,
        },
      ];
    };
    return [
      ...figure("select.people.512_ms", "people", "< 150", "MediaPipe selfie segmentation, 512² portrait"),
      ...figure(
        "select.grabcut.1024_ms",
        "grabcut",
        "< 1500",
        "OpenCV.js grabCut from a box, 1024² photo (384 px working size)",
      ),
      ...figure("faces.detect.512_ms", "faces", "", "BlazeFace short-range, 512² portrait, 5 windows"),
    ];
  },
};

export default suite;
