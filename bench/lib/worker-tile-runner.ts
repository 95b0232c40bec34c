import { Worker } from "node:worker_threads";
import type { SessionSettings } from "../../server/src/engines/esrgan-onnx/onnx-sessions.js";
import type { TileJob, TileRunner } from "../../server/src/engines/esrgan-onnx/tile-runner.js";
import type { TileReply, TileRequest } from "./tile-worker-messages.js";

// Benchmarks run from TypeScript sources: the thread starts through a loader bootstrap.
const WORKER_URL = new URL("./tile-worker-entry.mjs", import.meta.url);

interface Pending {
  resolve: (output: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * Runs tiles in a worker thread of its own, with its own ORT sessions, so several runners use several
 * cores for one model (the bench's peak-convolution probe; the service splits work across its pool threads). The thread starts on the first tile and keeps the process alive only while it has work.
 */
export class WorkerTileRunner implements TileRunner {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(private readonly settings: SessionSettings) {}

  run(job: TileJob): Promise<Float32Array> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<Float32Array>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      const request: TileRequest = { id, job };
      worker.postMessage(request); // copied, not transferred: the caller may reuse its input
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_URL, { workerData: this.settings });
    worker.on("message", (reply: TileReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (!pending) return;
      if ("output" in reply) pending.resolve(reply.output);
      else pending.reject(new Error(`tile worker: ${reply.error}`));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`tile worker exited with code ${code}`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
