import type { Rect, RgbaImage } from "@easel/plugin-core";
import { toRgba } from "@easel/plugin-core";
import { checkDocument, checkLayer } from "./check-document.js";
import { HostError } from "./host-error.js";
import type { PhotoshopApi, PsBounds } from "./photoshop-api.js";

/** The working profile Easel's server expects: every read is converted to it, every write from it. */
export const SRGB_PROFILE = "sRGB IEC61966-2.1";

/** The active layer and its document, checked and described (no pixels yet). */
export interface ActiveLayer {
  documentId: number;
  documentTitle: string;
  documentWidth: number;
  documentHeight: number;
  resolution: number;
  layerId: number;
  layerName: string;
  /** The layer's own pixels, without effects (`boundsNoEffects`), clipped to the canvas (px). */
  bounds: PsBounds;
}

/** The single active layer, refused in plain words when it cannot be edited. */
export function activeLayer(ps: PhotoshopApi): ActiveLayer {
  if (ps.app.documents.length === 0) throw new HostError("Open a document in Photoshop first.");
  const doc = ps.app.activeDocument;
  checkDocument(doc);
  const active = [...doc.activeLayers];
  const layer = active[0];
  if (!layer || active.length > 1) throw new HostError("Select exactly one layer in the Layers panel.");
  checkLayer(layer);
  // `bounds` includes effects (a drop shadow would widen the area by its spread); pixels do not.
  const own = layer.boundsNoEffects;
  const bounds = {
    left: Math.max(0, own.left),
    top: Math.max(0, own.top),
    right: Math.min(doc.width, own.right),
    bottom: Math.min(doc.height, own.bottom),
  };
  if (bounds.right <= bounds.left || bounds.bottom <= bounds.top)
    throw new HostError(`The layer "${layer.name}" has no pixels on the canvas: pick a layer with pixels.`);
  return {
    documentId: doc.id,
    documentTitle: doc.title,
    documentWidth: doc.width,
    documentHeight: doc.height,
    resolution: doc.resolution,
    layerId: layer.id,
    layerName: layer.name,
    bounds,
  };
}

/**
 * Reads `crop` of the layer converted to sRGB (whatever the document's profile: Adobe RGB, P3…),
 * scaled by Photoshop to `size` (px). Returns the pixels and the area they really cover (Photoshop
 * trims a read to the pixels the layer has).
 */
export async function readLayerPixels(
  ps: PhotoshopApi,
  layer: ActiveLayer,
  crop: Rect,
  size: { width: number; height: number },
): Promise<{ image: RgbaImage; bounds: PsBounds }> {
  const scaled = size.width !== crop.right - crop.left || size.height !== crop.bottom - crop.top;
  const result = await ps.imaging.getPixels({
    documentID: layer.documentId,
    layerID: layer.layerId,
    sourceBounds: crop,
    ...(scaled ? { targetSize: size } : {}),
    componentSize: 8,
    colorSpace: "RGB",
    // Without colorProfile Photoshop returns the document's own profile for an RGB document.
    colorProfile: SRGB_PROFILE,
  });
  try {
    const data = await result.imageData.getData({ chunky: true });
    // Not `instanceof Uint8Array`: typed arrays from the host may come from another realm.
    if (!ArrayBuffer.isView(data) || (data as Uint8Array).BYTES_PER_ELEMENT !== 1)
      throw new HostError("Photoshop returned 16-bit pixels; Easel needs 8-bit.");
    const { width, height, components } = result.imageData;
    return { image: toRgba(data as Uint8Array, width, height, components), bounds: result.sourceBounds };
  } finally {
    await result.imageData.dispose();
  }
}
