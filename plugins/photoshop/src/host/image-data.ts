import type { GrayImage, RgbaImage } from "@easel/plugin-core";
import type { PhotoshopApi, PsImageData } from "./photoshop-api.js";

/**
 * Wraps sRGB RGBA bytes as `PhotoshopImageData` tagged sRGB, for `imaging.putPixels`: Photoshop
 * converts tagged data into the document's profile (Adobe RGB, Display P3…), so colours keep.
 */
export function rgbaImageData(ps: PhotoshopApi, image: RgbaImage): Promise<PsImageData> {
  return ps.imaging.createImageDataFromBuffer(image.data, {
    width: image.width,
    height: image.height,
    components: 4,
    chunky: true,
    colorSpace: "RGB",
    colorProfile: "sRGB IEC61966-2.1",
  });
}

/** Wraps a mask as single-component grayscale image data, the form masks and selections take. */
export function grayImageData(ps: PhotoshopApi, mask: GrayImage): Promise<PsImageData> {
  return ps.imaging.createImageDataFromBuffer(mask.data, {
    width: mask.width,
    height: mask.height,
    components: 1,
    chunky: false,
    colorSpace: "Grayscale",
    colorProfile: "Gray Gamma 2.2",
  });
}
