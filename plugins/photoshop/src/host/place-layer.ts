import { CancelledError, type GrayImage, type RgbaImage } from "@easel/plugin-core";
import { HostError } from "./host-error.js";
import { grayImageData, rgbaImageData } from "./image-data.js";
import { addHideAllMaskDescriptors } from "./layer-mask.js";
import type { ExecutionContext, PhotoshopApi, PsBounds, PsDocument } from "./photoshop-api.js";

/** New pixels on each side of the canvas (px). */
export interface CanvasExtension {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PlaceLayerSpec {
  documentId: number;
  /** The source layer; the new layer goes directly above it and the source is never written. */
  aboveLayerId: number;
  name: string;
  /** The single history step the whole change becomes, e.g. "Easel Generative Fill". */
  historyName: string;
  image: RgbaImage;
  /** Top-left of `image` in document coordinates after any canvas extension (px); `image` is at document scale. */
  left: number;
  top: number;
  /** A layer mask (255 = reveal) placed at `left`/`top` in document coordinates (px); hidden elsewhere. */
  mask?: { image: GrayImage; left: number; top: number };
  /** Grow the canvas first (Expand canvas); the existing pixels keep their place relative to each other. */
  extendCanvas?: CanvasExtension;
}

/** Where a result landed. */
export interface PlacedLayer {
  documentId: number;
  layerId: number;
  name: string;
  bounds: PsBounds;
}

const findDocument = (ps: PhotoshopApi, id: number): PsDocument => {
  const doc = [...ps.app.documents].find((d) => d.id === id);
  if (!doc) throw new HostError("The document this result belongs to was closed.");
  return doc;
};

/** Throws when the user pressed Escape / Cancel on Photoshop's progress bar during the modal scope. */
function stopIfCancelled(context: ExecutionContext): void {
  if (context.isCancelled) throw new CancelledError("Cancelled in Photoshop: nothing was placed.");
}

/**
 * Writes a result into a NEW layer above the source inside `core.executeAsModal`, as one history
 * step named `historyName`. Photoshop only raises `isCancelled` when the user cancels; the plugin
 * checks it between steps. On a cancel or any failure the history suspension is rolled back, leaving nothing.
 */
export async function placeLayer(ps: PhotoshopApi, spec: PlaceLayerSpec): Promise<PlacedLayer> {
  return ps.core.executeAsModal(
    async (context) => {
      const { historySuspensionID } = await context.hostControl.suspendHistory({
        documentID: spec.documentId,
        name: spec.historyName,
      });
      try {
        stopIfCancelled(context);
        const doc = findDocument(ps, spec.documentId);
        const e = spec.extendCanvas;
        if (e && (e.right > 0 || e.bottom > 0))
          await doc.resizeCanvas(doc.width + e.right, doc.height + e.bottom, ps.constants.AnchorPosition.TOPLEFT);
        if (e && (e.left > 0 || e.top > 0))
          await doc.resizeCanvas(doc.width + e.left, doc.height + e.top, ps.constants.AnchorPosition.BOTTOMRIGHT);
        const source = [...doc.layers].find((l) => l.id === spec.aboveLayerId);
        const layer = await doc.createPixelLayer({ name: spec.name });
        if (!layer) throw new HostError("Photoshop could not create a new layer.");
        // Layers inside groups are not in `doc.layers`; Photoshop already put the new layer above the active one.
        if (source) await layer.move(source, ps.constants.ElementPlacement.PLACEBEFORE);
        const pixels = await rgbaImageData(ps, spec.image);
        await ps.imaging.putPixels({
          documentID: spec.documentId,
          layerID: layer.id,
          imageData: pixels,
          targetBounds: { left: spec.left, top: spec.top, width: spec.image.width, height: spec.image.height },
          replace: true,
        });
        await pixels.dispose();
        stopIfCancelled(context);
        if (spec.mask) {
          await ps.action.batchPlay(addHideAllMaskDescriptors(spec.documentId, layer.id), {});
          stopIfCancelled(context);
          const mask = await grayImageData(ps, spec.mask.image);
          await ps.imaging.putLayerMask({
            documentID: spec.documentId,
            layerID: layer.id,
            imageData: mask,
            replace: true,
            targetBounds: {
              left: spec.mask.left,
              top: spec.mask.top,
              width: spec.mask.image.width,
              height: spec.mask.image.height,
            },
          });
          await mask.dispose();
        }
        stopIfCancelled(context);
        await context.hostControl.resumeHistory({ historySuspensionID }, true);
        return { documentId: spec.documentId, layerId: layer.id, name: layer.name, bounds: layer.boundsNoEffects };
      } catch (error) {
        await context.hostControl.resumeHistory({ historySuspensionID }, false);
        throw error;
      }
    },
    { commandName: spec.historyName },
  );
}

export interface NewDocumentSpec {
  title: string;
  layerName: string;
  historyName: string;
  image: RgbaImage;
  /** Pixels per inch, copied from the source so print size scales with the pixels. */
  resolution: number;
}

/** Opens the result as a new document (Upscale): the source document is not touched at all. */
export async function placeInNewDocument(ps: PhotoshopApi, spec: NewDocumentSpec): Promise<PlacedLayer> {
  return ps.core.executeAsModal(
    async (context) => {
      const doc = await ps.app.createDocument({
        name: spec.title,
        width: spec.image.width,
        height: spec.image.height,
        resolution: spec.resolution,
        mode: ps.constants.NewDocumentMode.RGB,
        fill: ps.constants.DocumentFill.TRANSPARENT,
      });
      const layer = doc ? [...doc.layers][0] : undefined;
      if (!doc || !layer) throw new HostError("Photoshop could not create the new document.");
      layer.name = spec.layerName;
      const pixels = await rgbaImageData(ps, spec.image);
      await ps.imaging.putPixels({ documentID: doc.id, layerID: layer.id, imageData: pixels, replace: true });
      await pixels.dispose();
      // Photoshop has no history to roll back for a new document: close it instead.
      if (context.isCancelled) {
        doc.closeWithoutSaving();
        throw new CancelledError("Cancelled in Photoshop: no document was made.");
      }
      return { documentId: doc.id, layerId: layer.id, name: layer.name, bounds: layer.boundsNoEffects };
    },
    { commandName: spec.historyName },
  );
}
