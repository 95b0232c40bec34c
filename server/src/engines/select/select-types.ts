import type { EngineContext, EngineDescriptor, RasterImage } from "../types.js";

/** A face found in an image, in the image's pixel coordinates (px). */
export interface DetectedFace {
  x: number; // px, left edge of the box
  y: number; // px, top edge
  width: number; // px
  height: number; // px
  /** The detector's confidence, 0..1. */
  score: number;
  /** Right eye, left eye, nose tip, mouth, right ear, left ear (BlazeFace's order), px. */
  keypoints: [number, number][];
}

/** Finds faces; an empty list when there are none. */
export interface FaceDetector {
  readonly descriptor: EngineDescriptor;
  detect(image: RasterImage, context: EngineContext): Promise<DetectedFace[]>;
}

/** A soft mask (one channel, 0..255, white = person) the size of the image. */
export interface PersonSegmenter {
  readonly descriptor: EngineDescriptor;
  segment(image: RasterImage, context: EngineContext): Promise<RasterImage>;
}

/** How the subject is seeded: a box around it, and/or a rough mask (255 sure, 128 probable, 0 background). */
export interface SubjectSeed {
  box: { x: number; y: number; width: number; height: number } | null;
  /** One channel, the image's size: ≥ 192 surely subject, 64..191 probably, < 64 background. */
  hint: RasterImage | null;
}

/** Separates a subject from its background (grabCut); the mask is one channel, white = subject. */
export interface SubjectSegmenter {
  readonly descriptor: EngineDescriptor;
  segment(image: RasterImage, seed: SubjectSeed, context: EngineContext): Promise<RasterImage>;
}
