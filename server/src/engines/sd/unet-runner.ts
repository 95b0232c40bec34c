import * as ort from "onnxruntime-node";
import type { SdSession } from "./load-sd-model.js";
import type { UnetContract } from "./session-contracts.js";

/** One noise prediction: the latents of one image and its text conditioning. */
export interface UnetCall {
  /** Scaled model input for one image, [inChannels, h, w]. */
  sample: Float32Array;
  width: number; // latent cells
  height: number; // latent cells
  timestep: number;
  /** Text embeddings [sequence, hidden] of the prompt. */
  cond: Float32Array;
  /** Embeddings of the negative prompt; set for classifier-free guidance, null without. */
  uncond: Float32Array | null;
  guidance: number;
  sequence: number;
  hidden: number;
  /** LCM's guidance-scale embedding [dim], when the UNet has `timestep_cond`. */
  timestepCond: Float32Array | null;
}

/**
 * The guidance-scale embedding LCM-distilled UNets take as `timestep_cond` (diffusers
 * `LatentConsistencyModelPipeline.get_guidance_scale_embedding`, after VDM): with w' = 1000·w and
 * f_i = exp(−i·ln(10⁴)/(d/2 − 1)), [sin(w'·f), cos(w'·f)], zero-padded to odd `dim`. The pipeline passes
 * w = guidance − 1.
 */
export function guidanceEmbedding(w: number, dim: number): Float32Array {
  const half = Math.floor(dim / 2);
  const out = new Float32Array(dim);
  const step = half > 1 ? Math.log(10000) / (half - 1) : 0;
  for (let i = 0; i < half; i++) {
    const arg = w * 1000 * Math.exp(-i * step);
    out[i] = Math.sin(arg);
    out[half + i] = Math.cos(arg);
  }
  return out;
}

/** The dims of the `timestep` feed for a declared shape ([] or one dim) and a batch size. */
export function timestepDims(declared: readonly (number | string)[], batch: number): number[] {
  if (declared.length === 0) return [];
  const dim = declared[0];
  if (typeof dim !== "number" || dim <= 0) return [batch];
  if (dim !== 1 && dim !== batch) {
    throw new Error(`unet input "timestep" has a fixed size ${dim}, which fits neither 1 nor the batch of ${batch}`);
  }
  return [dim];
}

function repeat(data: Float32Array, times: number): Float32Array {
  if (times === 1) return data;
  const out = new Float32Array(data.length * times);
  for (let i = 0; i < times; i++) out.set(data, i * data.length);
  return out;
}

/**
 * Runs the UNet with the feeds its contract asks for and applies classifier-free guidance,
 * ε = ε_uncond + g·(ε_cond − ε_uncond) (Ho & Salimans 2022, eq. 6, as diffusers writes it). Both halves go in one
 * batch of 2, like diffusers, unless the export fixes the batch at 1.
 */
export class UnetRunner {
  readonly #session: SdSession;
  readonly #contract: UnetContract;
  /** The [uncond; cond] batch of the last call: the same every step, so it is built once per generation. */
  #pair: { uncond: Float32Array; cond: Float32Array; both: Float32Array } | null = null;

  constructor(session: SdSession, contract: UnetContract) {
    this.#session = session;
    this.#contract = contract;
  }

  /**
   * `timestep` exactly as the export declares it: rank 0 (current optimum) gets a scalar, a fixed [n] gets n
   * copies (n must be 1 or the batch), a symbolic dim (diffusers' ["batch"], older optimum's ["steps"]) one per
   * batch row. Traced graphs unsqueeze and expand the timestep, so any other rank fails deep inside the graph.
   */
  #timestep(t: number, batch: number): ort.Tensor {
    const dims = timestepDims(this.#contract.timestepShape, batch);
    const n = dims.length === 0 ? 1 : (dims[0] as number);
    // diffusers casts with numpy (`np.array([t], dtype=int64)`), which truncates fractional Euler timesteps.
    return this.#contract.timestepType === "int64"
      ? new ort.Tensor("int64", new BigInt64Array(n).fill(BigInt(Math.trunc(t))), dims)
      : new ort.Tensor("float32", new Float32Array(n).fill(t), dims);
  }

  async #run(call: UnetCall, sample: Float32Array, ehs: Float32Array, batch: number): Promise<Float32Array> {
    const { width, height, sequence, hidden } = call;
    const feeds: Record<string, ort.Tensor> = {
      sample: new ort.Tensor("float32", sample, [batch, this.#contract.inChannels, height, width]),
      timestep: this.#timestep(call.timestep, batch),
      encoder_hidden_states: new ort.Tensor("float32", ehs, [batch, sequence, hidden]),
    };
    if (this.#contract.timestepCondDim !== null) {
      const cond = call.timestepCond ?? new Float32Array(this.#contract.timestepCondDim);
      feeds.timestep_cond = new ort.Tensor("float32", repeat(cond, batch), [batch, cond.length]);
    }
    const results = await this.#session.run(feeds);
    const out = results.out_sample;
    const expected = [batch, 4, height, width];
    if (out?.type !== "float32" || out.dims.join() !== expected.join()) {
      throw new Error(
        `unet: expected output "out_sample" float32 [${expected}], got ${out ? `${out.type} [${out.dims}]` : "none"}`,
      );
    }
    return out.data as Float32Array;
  }

  #guidanceBatch(uncond: Float32Array, cond: Float32Array): Float32Array {
    if (this.#pair?.uncond !== uncond || this.#pair.cond !== cond) {
      const both = new Float32Array(uncond.length + cond.length);
      both.set(uncond);
      both.set(cond, uncond.length);
      this.#pair = { uncond, cond, both };
    }
    return this.#pair.both;
  }

  /** The (guided) noise prediction for one image, [4, h, w]. */
  async predict(call: UnetCall): Promise<Float32Array> {
    if (!call.uncond) return this.#run(call, call.sample, call.cond, 1);
    let uncondOut: Float32Array;
    let condOut: Float32Array;
    if (this.#contract.batch === 1) {
      uncondOut = await this.#run(call, call.sample, call.uncond, 1);
      condOut = await this.#run(call, call.sample, call.cond, 1);
    } else {
      const both = await this.#run(call, repeat(call.sample, 2), this.#guidanceBatch(call.uncond, call.cond), 2);
      const half = both.length / 2;
      uncondOut = both.subarray(0, half);
      condOut = both.subarray(half);
    }
    const g = call.guidance;
    const out = new Float32Array(uncondOut.length);
    for (let i = 0; i < out.length; i++) {
      const u = uncondOut[i] as number;
      out[i] = u + g * ((condOut[i] as number) - u);
    }
    return out;
  }
}
