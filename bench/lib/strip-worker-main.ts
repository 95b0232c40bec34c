import { parentPort, workerData } from "node:worker_threads";
import { type EngineSetup, WorkerEngines, type WorkerIdentity } from "../../server/src/engines/builtin-engines.js";
import type { EngineContext } from "../../server/src/engines/types.js";
import type { StripReply, StripRequest } from "./strip-messages.js";

// One bench thread standing in for one of the service's pool threads: the engines are built exactly as a
// pool thread builds them (`WorkerEngines`: ONNX, one intra-op thread per session), and each request
// upscales one strip. Nothing else of the job path (HTTP, database, PNG, signing) is here.

const port = parentPort;
if (!port) throw new Error("strip-worker-main.ts must run in a worker thread");
const { setup, worker } = workerData as { setup: EngineSetup; worker: WorkerIdentity };
const engines = new WorkerEngines(setup, worker);
const context: EngineContext = { signal: new AbortController().signal, progress: () => {} };

port.on("message", async (request: StripRequest) => {
  try {
    const upscaler = await engines.upscaler(request.engine);
    const image = await upscaler.upscale(request.image, { scale: request.scale }, context);
    const reply: StripReply = { id: request.id, image };
    port.postMessage(reply, [image.data.buffer as ArrayBuffer]);
  } catch (error) {
    const reply: StripReply = { id: request.id, error: (error as Error).message };
    port.postMessage(reply);
  }
});
