import type { SelectEngines } from "../../engines/select/select-engines.js";
import type { EngineContext, RasterImage } from "../../engines/types.js";

/**
 * The people in an image: MediaPipe's selfie segmentation, trusted only where the face detector finds at least
 * one face. The segmentation model assumes a person is in frame: on the fixture photos it marks 87 % of a cat
 * close-up and 23 % of a coffee cup as "person", so without a face the answer is an empty mask (people seen from
 * behind, or faces smaller than ~1/16 of the image, are left to `subject`).
 */
export async function peopleMask(
  rgb: RasterImage,
  engines: SelectEngines,
  context: EngineContext,
): Promise<{ mask: RasterImage; faces: number }> {
  const faces = await (await engines.faceDetector()).detect(rgb, context);
  if (faces.length === 0) {
    return {
      mask: { data: new Uint8Array(rgb.width * rgb.height), width: rgb.width, height: rgb.height, channels: 1 },
      faces: 0,
    };
  }
  return { mask: await (await engines.personSegmenter()).segment(rgb, context), faces: faces.length };
}
