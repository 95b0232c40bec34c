import { dataUrl } from "../text/base64.js";
import { decodeImage } from "./decode-image.js";
import { encodeJpeg } from "./jpeg-encode.js";
import { resizeRgba } from "./resize.js";

/** Longest side of a candidate thumbnail (px); 2x the ~120 px it is shown at, for HiDPI panels. */
export const THUMBNAIL_SIDE = 240;

/** A JPEG `data:` URL thumbnail of PNG or JPEG bytes: what UXP's `<img>` shows (no blob URLs there). */
export function thumbnailDataUrl(bytes: Uint8Array, maxSide = THUMBNAIL_SIDE): string {
  const image = decodeImage(bytes);
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const small = resizeRgba(
    image,
    Math.max(1, Math.round(image.width * scale)),
    Math.max(1, Math.round(image.height * scale)),
  );
  return dataUrl(encodeJpeg(small, 82), "image/jpeg");
}
