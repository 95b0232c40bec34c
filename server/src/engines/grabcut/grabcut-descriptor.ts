import type { EngineDescriptor } from "../types.js";

/** Static facts of the subject segmenter (no OpenCV import, so the main thread can list it). */
export const GRABCUT_DESCRIPTOR: EngineDescriptor = {
  name: "opencv-grabcut",
  capability: "select",
  description:
    "OpenCV.js grabCut (Gaussian-mixture colour models and a graph cut; no trained model) seeded from a box, a rough mask or the people mask",
  limits: { workingSide: 384, iterations: 4, modes: ["subject", "background"] },
  trainedModel: false,
  device: "cpu",
};
