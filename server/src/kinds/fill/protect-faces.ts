import type { SelectEngines } from "../../engines/select/select-engines.js";
import type { EngineContext, RasterImage } from "../../engines/types.js";
import { faceMask } from "../select/face-mask.js";

/** The faces a fill must not touch: one channel, non-zero over each detected face (its soft ellipse). */
export async function facesToProtect(
  image: RasterImage,
  engines: SelectEngines,
  context: EngineContext,
): Promise<RasterImage | null> {
  const faces = await (await engines.faceDetector()).detect(image, context);
  return faces.length === 0 ? null : faceMask(image.width, image.height, faces);
}

/** The fill mask without the protected faces (0 wherever a face is), one channel. */
export function maskWithoutFaces(mask: RasterImage, faces: RasterImage): RasterImage {
  const n = mask.width * mask.height;
  const c = mask.channels;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if ((faces.data[i] as number) > 0) continue;
    const o = i * c;
    // Luminance times alpha, as the fill reads a mask (imaging/mask-ops.ts maskPixelOn).
    const y =
      c === 1
        ? (mask.data[o] as number)
        : 0.2126 * (mask.data[o] as number) +
          0.7152 * (mask.data[o + 1] as number) +
          0.0722 * (mask.data[o + 2] as number);
    out[i] = Math.round(c === 4 ? (y * (mask.data[o + 3] as number)) / 255 : y);
  }
  return { data: out, width: mask.width, height: mask.height, channels: 1 };
}

/**
 * The filled image with every protected face pixel put back from the original, byte for byte: the fill grows
 * and feathers its mask, which could otherwise reach into a face next to the hole.
 */
export function restoreFaces(filled: RasterImage, original: RasterImage, faces: RasterImage): RasterImage {
  const data = filled.data.slice();
  const c = filled.channels;
  for (let i = 0; i < faces.data.length; i++) {
    if ((faces.data[i] as number) > 0) data.set(original.data.subarray(i * c, i * c + c), i * c);
  }
  return { ...filled, data };
}

/** Whether any pixel of a one-channel mask is selected (≥ 128, the fill's threshold). */
export function selectsAny(mask: RasterImage): boolean {
  return mask.data.some((v) => v >= 128);
}
