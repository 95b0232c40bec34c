import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type { PersonSegmenter } from "../select/select-types.js";
import { ensureTfjsRuntime } from "../tfjs/tfjs-runtime.js";
import type { EngineContext, RasterImage } from "../types.js";
import { throwIfAborted } from "../types.js";
import { SELFIE_DESCRIPTOR } from "./selfie-descriptor.js";

// Vendored weights live in server/models/ (not src/): the same relative path works from src/ and from dist/.
const MODEL_JSON = new URL("../../../models/selfie/selfie.json", import.meta.url);
const MODEL_BIN = new URL("../../../models/selfie/selfie.bin", import.meta.url);
const INPUT_SIZE = 256; // px

let loading: Promise<tf.GraphModel> | undefined;

/** Loads the vendored graph model once per thread, from the files (no network: `tf.io.fromMemory`). */
function loadModel(): Promise<tf.GraphModel> {
  loading ??= (async () => {
    await ensureTfjsRuntime();
    const json = JSON.parse(readFileSync(MODEL_JSON, "utf8")) as tf.io.ModelJSON;
    const bin = readFileSync(MODEL_BIN);
    const manifest = json.weightsManifest ?? [];
    return tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: manifest.flatMap((group) => group.weights),
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * People segmentation with MediaPipe Selfie Segmentation: the image stretched to 256x256 (as MediaPipe feeds the
 * general model), RGB in 0..1, a per-pixel person probability back out, resized bilinearly to the image's size:
 * the soft edge of the mask is the model's own uncertainty.
 */
export class SelfieSegmenter implements PersonSegmenter {
  readonly descriptor = SELFIE_DESCRIPTOR;

  async warmUp(): Promise<void> {
    const model = await loadModel();
    tf.tidy(() => model.predict(tf.zeros([1, INPUT_SIZE, INPUT_SIZE, 3])));
  }

  async segment(image: RasterImage, context: EngineContext): Promise<RasterImage> {
    throwIfAborted(context.signal);
    const model = await loadModel();
    throwIfAborted(context.signal);
    const { width, height, channels } = image;
    const mask = tf.tidy(() => {
      const pixels = tf.tensor3d(image.data, [height, width, channels], "int32");
      const rgb =
        channels === 3 ? pixels : channels === 4 ? pixels.slice([0, 0, 0], [-1, -1, 3]) : pixels.tile([1, 1, 3]);
      const input = tf.image
        .resizeBilinear(rgb.toFloat().div(255) as tf.Tensor3D, [INPUT_SIZE, INPUT_SIZE])
        .expandDims(0);
      const probability = model.predict(input) as tf.Tensor4D;
      const full = tf.image.resizeBilinear(probability.squeeze([0]) as tf.Tensor3D, [height, width]);
      return full.mul(255).round().clipByValue(0, 255).toInt();
    });
    let values: Int32Array;
    try {
      values = (await mask.data()) as Int32Array;
    } finally {
      mask.dispose();
    }
    context.progress(1, 1);
    return { data: Uint8Array.from(values), width, height, channels: 1 };
  }
}
