import { AdjustPreview, HostError, intersect, PREVIEW_SIDE, rectSize } from "@easel/plugin-core";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import { activeLayer, readLayerPixels } from "../host/read-layer.js";
import { readSelectionMask, selectionBounds } from "../host/read-selection.js";

/**
 * A small copy of what Adjust and Recolor to brand will edit (the selection on the active layer, or the
 * whole layer) with the selection as its mask, for the live preview. Photoshop scales the read
 * (`targetSize`), so a 24 MP layer costs a thumbnail, not a full read.
 */
export async function readPreviewSource(ps: PhotoshopApi, maxSide = PREVIEW_SIDE): Promise<AdjustPreview> {
  const layer = activeLayer(ps);
  const selection = await selectionBounds(ps, layer.documentId);
  const focus = selection ? intersect(selection, layer.bounds) : layer.bounds;
  const { width, height } = rectSize(focus);
  if (width <= 0 || height <= 0) throw new HostError("The selection does not cover any pixels of the active layer.");
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const size = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  const { image } = await readLayerPixels(ps, layer, focus, size);
  // A scaled read may come from a pyramid level, and its returned `sourceBounds` are then in that level's
  // pixels (imaging API docs, getPixels), so the mask and the scale use the area asked for: `focus` lies
  // inside the layer's own pixels, so Photoshop has nothing to trim from it.
  const mask = selection ? await readSelectionMask(ps, layer.documentId, focus, image) : null;
  return AdjustPreview.of(image, mask, { maxSide, sourceScale: image.width / width });
}
