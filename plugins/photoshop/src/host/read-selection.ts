import type { GrayImage, Rect } from "@easel/plugin-core";
import { isEmptyMask, placeGray } from "@easel/plugin-core";
import type { PhotoshopApi, PsBounds } from "./photoshop-api.js";

/**
 * The active selection's bounds, or null when nothing is selected. `Document.selection` exists
 * from Photoshop 25.0; on 24.4–24.x the selection is read with `imaging.getSelection` (24.4+)
 * and its bounds found from the mask, so the plugin runs on both.
 */
export async function selectionBounds(ps: PhotoshopApi, documentId: number): Promise<PsBounds | null> {
  const doc = [...ps.app.documents].find((d) => d.id === documentId);
  if (!doc) return null;
  if (doc.selection !== undefined) return doc.selection.bounds ?? null;
  const result = await ps.imaging.getSelection({ documentID: documentId });
  try {
    const data = await result.imageData.getData({ chunky: true });
    const { width, height } = result.imageData;
    let left = width;
    let top = height;
    let right = 0;
    let bottom = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((data[y * width + x] as number) === 0) continue;
        if (x < left) left = x;
        if (x >= right) right = x + 1;
        if (y < top) top = y;
        if (y >= bottom) bottom = y + 1;
      }
    }
    if (right <= left) return null;
    const o = result.sourceBounds;
    return { left: o.left + left, top: o.top + top, right: o.left + right, bottom: o.top + bottom };
  } finally {
    await result.imageData.dispose();
  }
}

/**
 * The selection over `crop` as a mask of `size` (255 = selected; Photoshop scales it), or null
 * when nothing is selected there.
 */
export async function readSelectionMask(
  ps: PhotoshopApi,
  documentId: number,
  crop: Rect,
  size: { width: number; height: number },
): Promise<GrayImage | null> {
  const scaled = size.width !== crop.right - crop.left || size.height !== crop.bottom - crop.top;
  const result = await ps.imaging.getSelection({
    documentID: documentId,
    sourceBounds: crop,
    ...(scaled ? { targetSize: size } : {}),
  });
  try {
    const data = await result.imageData.getData({ chunky: true });
    const got = { width: result.imageData.width, height: result.imageData.height, data: Uint8Array.from(data) };
    // Photoshop may return a smaller region than asked for; place it where it belongs.
    const sx = size.width / (crop.right - crop.left);
    const sy = size.height / (crop.bottom - crop.top);
    const mask = placeGray(
      got,
      size.width,
      size.height,
      Math.round((result.sourceBounds.left - crop.left) * sx),
      Math.round((result.sourceBounds.top - crop.top) * sy),
    );
    return isEmptyMask(mask) ? null : mask;
  } finally {
    await result.imageData.dispose();
  }
}
