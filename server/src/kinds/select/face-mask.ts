import type { DetectedFace } from "../../engines/select/select-types.js";
import type { RasterImage } from "../../engines/types.js";

/**
 * A soft mask of faces: an ellipse over each detection box (BlazeFace boxes sit from the brows to the chin, so
 * the ellipse is grown 15 % up for the forehead), its edge ramping over ~6 % of the face's width (px).
 */
export function faceMask(width: number, height: number, faces: DetectedFace[]): RasterImage {
  const data = new Uint8Array(width * height);
  for (const f of faces) {
    const rx = f.width * 0.55;
    const ry = f.height * 0.65;
    const cx = f.x + f.width / 2;
    const cy = f.y + f.height / 2 - f.height * 0.075;
    const edge = Math.max(1, f.width * 0.06) / Math.min(rx, ry); // ramp width in normalised radius
    const x0 = Math.max(0, Math.floor(cx - rx));
    const x1 = Math.min(width - 1, Math.ceil(cx + rx));
    const y0 = Math.max(0, Math.floor(cy - ry));
    const y1 = Math.min(height - 1, Math.ceil(cy + ry));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const r = Math.hypot((x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry);
        const v = Math.round(255 * Math.min(1, Math.max(0, (1 - r) / edge)));
        const i = y * width + x;
        if (v > (data[i] as number)) data[i] = v;
      }
    }
  }
  return { data, width, height, channels: 1 };
}
