import { Worker } from "node:worker_threads";
import type { EngineSetup } from "../../server/src/engines/builtin-engines.js";
import type { RasterImage, UpscaleOptions } from "../../server/src/engines/types.js";
import { blendStrips, cropRows, planStrips } from "../../server/src/pipeline/upscale-strips.js";
import type { StripReply, StripRequest } from "./strip-messages.js";

const ENTRY = new URL("./strip-worker-entry.mjs", import.meta.url);

/**
 * The engine part of the service's upscale, without the job around it: the input is cut into the same
 * horizontal strips the job runner plans (`planStrips`), each strip is upscaled in a thread of its own
 * holding the engines a pool thread holds, and the strips are blended as the job's thread blends them.
 * This is the lower bound the service's figure is compared against.
 */
export class StripEngine {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, { resolve: (image: RasterImage) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  constructor(setup: EngineSetup, threads: number) {
    this.#workers = Array.from({ length: threads }, (_, index) => {
      const worker = new Worker(ENTRY, { workerData: { setup, worker: { index, count: threads } } });
      worker.on("message", (reply: StripReply) => {
        const pending = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        if (reply.error !== undefined) pending?.reject(new Error(reply.error));
        else pending?.resolve(reply.image);
      });
      worker.on("error", (error) => {
        for (const p of this.#pending.values()) p.reject(error);
        this.#pending.clear();
      });
      return worker;
    });
  }

  get threads(): number {
    return this.#workers.length;
  }

  /** Upscales `image` split into as many strips as there are threads (fewer for a short image). */
  async upscale(engine: string, image: RasterImage, scale: UpscaleOptions["scale"]): Promise<RasterImage> {
    const spans = planStrips(image.height, this.#workers.length);
    const strips = await Promise.all(
      spans.map(async (span, i) => ({
        span,
        image: await this.#run(this.#workers[i] as Worker, engine, cropRows(image, span.y0, span.y1), scale),
      })),
    );
    return blendStrips(strips, scale);
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  #run(worker: Worker, engine: string, image: RasterImage, scale: UpscaleOptions["scale"]): Promise<RasterImage> {
    const id = this.#nextId++;
    const request: StripRequest = { id, engine, scale, image };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(request, [image.data.buffer as ArrayBuffer]);
    });
  }
}
