import type { TileJob } from "../../server/src/engines/esrgan-onnx/tile-runner.js";

/** Sent to a tile worker thread. */
export interface TileRequest {
  id: number;
  job: TileJob;
}

/** Sent back: the model's output, or why there is none. */
export type TileReply = { id: number; output: Float32Array } | { id: number; error: string };
