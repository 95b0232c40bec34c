import type { InferenceSession } from "onnxruntime-node";
import { describeValue } from "../onnx/inpaint-contract.js";

type Value = InferenceSession.ValueMetadata;
type Tensor = InferenceSession.TensorValueMetadata;

/**
 * The input/output contract of each diffusers ONNX component, as `OnnxStableDiffusionPipeline` and optimum's
 * exporter (`optimum/exporters/onnx/model_configs.py`: CLIPTextOnnxConfig, UNetOnnxConfig, VaeEncoderOnnxConfig,
 * VaeDecoderOnnxConfig) define it. Checked once at load so a wrong file fails with a message that names it.
 */
export interface TextEncoderContract {
  /** diffusers' own export and optimum's feed int32; some exports declare int64. */
  idsType: "int32" | "int64";
  /** Fixed context length, or null when dynamic. */
  sequenceLength: number | null;
  /** Width of `last_hidden_state` (768 for SD 1.x, 1024 for SD 2.x), or null when undeclared. */
  hidden: number | null;
}

export interface UnetContract {
  /** 4 for a standard UNet; 9 for an inpainting UNet (latents, mask, masked-image latents). */
  inChannels: 4 | 9;
  timestepType: "float32" | "int64";
  /** The declared `timestep` shape: [] (rank 0), or one dim (fixed size, or symbolic: one per batch row). */
  timestepShape: readonly (number | string)[];
  /** LCM-distilled UNets take the guidance-scale embedding as `timestep_cond` [batch, dim]. */
  timestepCondDim: number | null;
  /** Width of `encoder_hidden_states`, or null when undeclared. */
  hidden: number | null;
  /** A fixed batch size of `sample` (then guidance runs the two halves separately), or null when dynamic. */
  batch: number | null;
}

export interface VaeEncoderContract {
  /** `latent_sample` (4 channels, already sampled) or `latent_parameters` (8: mean and log-variance; newer optimum). */
  output: "latent_sample" | "latent_parameters";
}

const list = (values: readonly Value[]) => (values.length ? values.map(describeValue).join(", ") : "none");
const fixed = (dim: number | string | undefined): number | null => (typeof dim === "number" && dim > 0 ? dim : null);

function failer(file: string) {
  return (detail: string): never => {
    throw new Error(`${file}: ${detail}`);
  };
}

/** Finds `name` among `values` and checks its dtype and rank; returns its shape. */
function tensor(
  file: string,
  kind: "input" | "output",
  values: readonly Value[],
  name: string,
  types: readonly string[],
  rank: number | readonly number[],
  expected: string,
): readonly (number | string)[] {
  const fail = failer(file);
  const value = values.find((v) => v.name === name);
  if (!value) return fail(`expected ${kind} "${name}" ${expected}, found ${kind}s ${list(values)}`);
  if (!value.isTensor) return fail(`expected ${kind} "${name}" ${expected}, found ${describeValue(value)}`);
  const t = value as Tensor;
  if (t.type === "float16") {
    return fail(
      `${kind} "${name}" is float16; this CPU pipeline needs a float32 export (optimum-cli export onnx without --dtype fp16)`,
    );
  }
  const ranks = typeof rank === "number" ? [rank] : rank;
  if (!types.includes(t.type) || !ranks.includes(t.shape.length)) {
    fail(`expected ${kind} "${name}" ${expected}, found ${describeValue(value)}`);
  }
  return t.shape;
}

function noOthers(file: string, kind: string, values: readonly Value[], allowed: readonly string[]): void {
  const extra = values.filter((v) => !allowed.includes(v.name));
  if (extra.length > 0) {
    failer(file)(
      `expected only the ${kind}s ${allowed.map((a) => `"${a}"`).join(", ")}, found extra ${kind}s ${list(extra)}`,
    );
  }
}

/** text_encoder: `input_ids` int32|int64 [batch,77] → `last_hidden_state` float32 [batch,77,hidden]. */
export function checkTextEncoder(
  file: string,
  inputs: readonly Value[],
  outputs: readonly Value[],
): TextEncoderContract {
  const ids = tensor(file, "input", inputs, "input_ids", ["int32", "int64"], 2, "int32|int64 [batch,77]");
  noOthers(file, "input", inputs, ["input_ids"]);
  const hidden = tensor(file, "output", outputs, "last_hidden_state", ["float32"], 3, "float32 [batch,77,hidden]");
  const type = (inputs.find((v) => v.name === "input_ids") as Tensor).type;
  return { idsType: type === "int64" ? "int64" : "int32", sequenceLength: fixed(ids[1]), hidden: fixed(hidden[2]) };
}

/**
 * unet: `sample` float32 [batch,4|9,h,w], `timestep` float32|int64 (scalar, [1] or [batch]),
 * `encoder_hidden_states` float32 [batch,77,hidden] (+ `timestep_cond` float32 [batch,dim] for LCM)
 * → `out_sample` float32 [batch,4,h,w]. `config` is `unet/config.json` when the export has one.
 */
export function checkUnet(
  file: string,
  inputs: readonly Value[],
  outputs: readonly Value[],
  config: Record<string, unknown> | null,
): UnetContract {
  const fail = failer(file);
  if (inputs.some((v) => v.name === "text_embeds" || v.name === "time_ids")) {
    fail(`this is an SDXL UNet (inputs ${list(inputs)}); only SD 1.x/2.x, SD-Turbo and LCM UNets are supported`);
  }
  const sample = tensor(file, "input", inputs, "sample", ["float32"], 4, "float32 [batch,4|9,height/8,width/8]");
  const declared = fixed(sample[1]) ?? (typeof config?.in_channels === "number" ? config.in_channels : 4);
  if (declared !== 4 && declared !== 9) {
    fail(`expected input "sample" with 4 channels (or 9 for an inpainting UNet), found ${declared}`);
  }
  const timestepShape = tensor(
    file,
    "input",
    inputs,
    "timestep",
    ["float32", "int64"],
    [0, 1],
    "float32|int64 scalar, [1] or [batch]",
  );
  const ehs = tensor(file, "input", inputs, "encoder_hidden_states", ["float32"], 3, "float32 [batch,77,hidden]");
  let timestepCondDim: number | null = null;
  if (inputs.some((v) => v.name === "timestep_cond")) {
    const cond = tensor(file, "input", inputs, "timestep_cond", ["float32"], 2, "float32 [batch,dim]");
    timestepCondDim =
      fixed(cond[1]) ?? (typeof config?.time_cond_proj_dim === "number" ? config.time_cond_proj_dim : null);
    if (timestepCondDim === null) fail(`input "timestep_cond" has no fixed width and unet/config.json gives none`);
  }
  noOthers(file, "input", inputs, ["sample", "timestep", "encoder_hidden_states", "timestep_cond"]);
  const out = tensor(file, "output", outputs, "out_sample", ["float32"], 4, "float32 [batch,4,height/8,width/8]");
  if ((fixed(out[1]) ?? 4) !== 4)
    fail(`expected output "out_sample" with 4 channels, found ${describeValue(outputs[0] as Value)}`);
  const timestepType = (inputs.find((v) => v.name === "timestep") as Tensor).type === "int64" ? "int64" : "float32";
  return {
    inChannels: declared === 9 ? 9 : 4,
    timestepType,
    timestepShape,
    timestepCondDim,
    hidden: fixed(ehs[2]),
    batch: fixed(sample[0]),
  };
}

/** vae_decoder: `latent_sample` float32 [batch,4,h,w] → `sample` float32 [batch,3,8h,8w] in −1..1. */
export function checkVaeDecoder(file: string, inputs: readonly Value[], outputs: readonly Value[]): void {
  const latent = tensor(file, "input", inputs, "latent_sample", ["float32"], 4, "float32 [batch,4,height/8,width/8]");
  if ((fixed(latent[1]) ?? 4) !== 4)
    failer(file)(`expected input "latent_sample" with 4 channels, found ${list(inputs)}`);
  const image = tensor(file, "output", outputs, "sample", ["float32"], 4, "float32 [batch,3,height,width]");
  if ((fixed(image[1]) ?? 3) !== 3) failer(file)(`expected output "sample" with 3 channels, found ${list(outputs)}`);
}

/** vae_encoder: `sample` float32 [batch,3,H,W] in −1..1 → `latent_sample` [batch,4,…] or `latent_parameters` [batch,8,…]. */
export function checkVaeEncoder(file: string, inputs: readonly Value[], outputs: readonly Value[]): VaeEncoderContract {
  const image = tensor(file, "input", inputs, "sample", ["float32"], 4, "float32 [batch,3,height,width]");
  if ((fixed(image[1]) ?? 3) !== 3) failer(file)(`expected input "sample" with 3 channels, found ${list(inputs)}`);
  const output = outputs.some((v) => v.name === "latent_parameters") ? "latent_parameters" : "latent_sample";
  const channels = output === "latent_parameters" ? 8 : 4;
  const latent = tensor(
    file,
    "output",
    outputs,
    output,
    ["float32"],
    4,
    `float32 [batch,${channels},height/8,width/8] (or "latent_parameters" with 8 channels)`,
  );
  if ((fixed(latent[1]) ?? channels) !== channels) {
    failer(file)(`expected output "${output}" with ${channels} channels, found ${list(outputs)}`);
  }
  return { output };
}
