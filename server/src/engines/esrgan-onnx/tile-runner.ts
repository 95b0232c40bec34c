import * as ort from "onnxruntime-node";
import { esrganSession, type SessionSettings } from "./onnx-sessions.js";

/** One tile for the model: planar float32 RGB (CHW) in the model's input range. */
export interface TileJob {
  modelPath: string;
  input: Float32Array; // 3 x height x width
  width: number; // px
  height: number; // px
  scale: number;
}

/** Runs tiles through a converted ESRGAN model: in this thread, or in a worker thread. */
export interface TileRunner {
  /** The model's output for one tile: planar RGB, 3 x (height*scale) x (width*scale), in the model's range. */
  run(job: TileJob): Promise<Float32Array>;
  /** Frees what the runner holds (a worker thread); the runner may not be used afterwards. */
  close(): Promise<void>;
}

/** One tile through a session; checks the output shape so a wrong model cannot corrupt the blend. */
export async function runTileOnSession(session: ort.InferenceSession, job: TileJob): Promise<Float32Array> {
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  if (inputName === undefined || outputName === undefined) throw new Error(`${job.modelPath} has no input or output`);
  const input = new ort.Tensor("float32", job.input, [1, 3, job.height, job.width]);
  const outputs = await session.run({ [inputName]: input });
  const output = outputs[outputName];
  const expected = [1, 3, job.height * job.scale, job.width * job.scale];
  if (output?.type !== "float32" || output.dims.join() !== expected.join()) {
    throw new Error(`${job.modelPath} returned [${output?.dims}] ${output?.type}, expected [${expected}] float32`);
  }
  return output.data as Float32Array;
}

/**
 * Runs tiles in the calling thread. `session.run` of onnxruntime-node blocks this thread's event loop for the
 * whole tile (measured: 3 timer ticks in 4 s of runs), so a second session in the same thread adds no parallelism;
 * more cores need ORT's intra-op threads or more threads (the service runs one engine per pool thread).
 */
export class SessionTileRunner implements TileRunner {
  constructor(private readonly settings: SessionSettings) {}

  async run(job: TileJob): Promise<Float32Array> {
    return runTileOnSession(await esrganSession(job.modelPath, this.settings), job);
  }

  async close(): Promise<void> {
    // Sessions are shared per thread (onnx-sessions.ts) and outlive one runner.
  }
}
