import { parentPort, workerData } from "node:worker_threads";
import type { SessionSettings } from "../../server/src/engines/esrgan-onnx/onnx-sessions.js";
import { SessionTileRunner } from "../../server/src/engines/esrgan-onnx/tile-runner.js";
import type { TileReply, TileRequest } from "./tile-worker-messages.js";

// A worker thread that runs ESRGAN tiles on its own ORT sessions (one per model, created on first use).
const port = parentPort;
if (!port) throw new Error("tile-worker-main.ts must run in a worker thread");
const runner = new SessionTileRunner(workerData as SessionSettings);
port.on("message", async ({ id, job }: TileRequest) => {
  let reply: TileReply;
  try {
    reply = { id, output: await runner.run(job) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply, "output" in reply ? [reply.output.buffer as ArrayBuffer] : []);
});
