import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import type { DetectedFace, FaceDetector } from "../select/select-types.js";
import type { EngineContext, RasterImage } from "../types.js";
import { throwIfAborted } from "../types.js";
import { BLAZEFACE_GRIDS, decodeGrid, type RawDetection, weightedNms } from "./blazeface-decode.js";
import { BLAZEFACE_DESCRIPTOR } from "./blazeface-descriptor.js";
import { letterbox } from "./letterbox.js";

// Vendored weights live in server/models/ (not src/): the same relative path works from src/ and from dist/.
const MODEL_URL = new URL("../../../models/blazeface/face_detection_front_128x128_barracuda.onnx", import.meta.url);
const INPUT_SIZE = 128; // px
/** Below this the short-range model mostly fires on textures and animal faces (fixture photos); MediaPipe uses 0.5. */
const DEFAULT_THRESHOLD = 0.75;

let loading: Promise<ort.InferenceSession> | undefined;

function loadSession(): Promise<ort.InferenceSession> {
  loading ??= ort.InferenceSession.create(readFileSync(MODEL_URL), {
    // One thread per session: the service runs one worker thread per core.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Face detection with MediaPipe BlazeFace (short range: faces filling at least ~1/10 of the image). */
export class BlazeFaceDetector implements FaceDetector {
  readonly descriptor = BLAZEFACE_DESCRIPTOR;

  constructor(private readonly threshold = DEFAULT_THRESHOLD) {}

  async detect(image: RasterImage, context: EngineContext): Promise<DetectedFace[]> {
    throwIfAborted(context.signal);
    const session = await loadSession();
    // The short-range model sees faces down to ~1/10 of its input: the whole image, then four overlapping
    // quarters (0.6 of each side) at the corners, so faces down to ~1/16 of the image are found too.
    const windows = faceWindows(image.width, image.height);
    const raw: RawDetection[] = [];
    for (const [i, window] of windows.entries()) {
      raw.push(...(await this.detectIn(session, crop(image, window), window)));
      throwIfAborted(context.signal);
      context.progress(i + 1, windows.length);
    }
    return weightedNms(raw).map((d) => {
      const x0 = Math.max(0, d.cx - d.w / 2);
      const y0 = Math.max(0, d.cy - d.h / 2);
      const x1 = Math.min(image.width, d.cx + d.w / 2);
      const y1 = Math.min(image.height, d.cy + d.h / 2);
      return { x: x0, y: y0, width: x1 - x0, height: y1 - y0, score: d.score, keypoints: d.keypoints };
    });
  }

  /** Detections in one window, in image pixels (centre and size). */
  private async detectIn(session: ort.InferenceSession, image: RasterImage, window: Window): Promise<RawDetection[]> {
    const box = letterbox(image, INPUT_SIZE);
    const input = new Float32Array(INPUT_SIZE * INPUT_SIZE * 3);
    // MediaPipe's face detection input: RGB scaled to −1..1.
    for (let i = 0; i < input.length; i++) input[i] = (box.data[i] as number) / 127.5 - 1;
    const out = await session.run({ "input:0": new ort.Tensor("float32", input, [1, INPUT_SIZE, INPUT_SIZE, 3]) });
    const pairs = [
      ["Identity:0", "Identity_2:0"],
      ["Identity_1:0", "Identity_3:0"],
    ] as const;
    const toX = (u: number) => window.x + (u * INPUT_SIZE - box.padX) / box.scale;
    const toY = (v: number) => window.y + (v * INPUT_SIZE - box.padY) / box.scale;
    return pairs
      .flatMap(([scores, boxes], g) =>
        decodeGrid(
          out[scores]?.data as Float32Array,
          out[boxes]?.data as Float32Array,
          BLAZEFACE_GRIDS[g] as (typeof BLAZEFACE_GRIDS)[number],
          INPUT_SIZE,
          this.threshold,
        ),
      )
      .map((d) => ({
        cx: toX(d.cx),
        cy: toY(d.cy),
        w: (d.w * INPUT_SIZE) / box.scale,
        h: (d.h * INPUT_SIZE) / box.scale,
        score: d.score,
        keypoints: d.keypoints.map(([u, v]) => [toX(u), toY(v)] as [number, number]),
      }));
  }
}

interface Window {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The whole image, then (when it is big enough to matter) four overlapping corner windows, 0.6 of each side (px). */
function faceWindows(width: number, height: number): Window[] {
  const all = [{ x: 0, y: 0, width, height }];
  if (Math.max(width, height) < 2 * INPUT_SIZE) return all;
  const w = Math.round(width * 0.6);
  const h = Math.round(height * 0.6);
  for (const x of [0, width - w]) for (const y of [0, height - h]) all.push({ x, y, width: w, height: h });
  return all;
}

/** The pixels of a window (a view when it is the whole image). */
function crop(image: RasterImage, w: Window): RasterImage {
  if (w.x === 0 && w.y === 0 && w.width === image.width && w.height === image.height) return image;
  const c = image.channels;
  const data = new Uint8Array(w.width * w.height * c);
  for (let y = 0; y < w.height; y++) {
    const from = ((w.y + y) * image.width + w.x) * c;
    data.set(image.data.subarray(from, from + w.width * c), y * w.width * c);
  }
  return { data, width: w.width, height: w.height, channels: c };
}
