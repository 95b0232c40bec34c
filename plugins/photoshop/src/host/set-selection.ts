import { CancelledError, type GrayImage } from "@easel/plugin-core";
import { HostError } from "./host-error.js";
import { grayImageData } from "./image-data.js";
import { addHideAllMaskDescriptors } from "./layer-mask.js";
import type { PhotoshopApi } from "./photoshop-api.js";

export interface SelectionSpec {
  documentId: number;
  /** The layer the mask was computed from: it takes the mask when no selection can be set. */
  layerId: number;
  layerName: string;
  /** 255 = selected; soft edges stay soft (Photoshop selections hold 8-bit partial selection). */
  mask: GrayImage;
  /** Where the mask's top-left pixel lies in the document (px). */
  left: number;
  top: number;
  /** The one history step, e.g. "Easel Select Subject". */
  historyName: string;
}

/** How the mask reached the document. */
export type SelectionResult = "selection" | "layer-mask";

/**
 * Makes `mask` the document's selection (replacing any selection; nothing outside the mask stays selected)
 * as one history step. `imaging.putSelection` is documented from 24.4, the plugin's floor, but it is
 * feature-detected: where it is missing the mask becomes a layer mask on the source layer instead (a
 * Ctrl/Cmd-click on the mask thumbnail loads it as a selection), and a Background layer, which cannot
 * hold a mask, is refused in plain words. A cancel or failure rolls the step back.
 */
export async function setSelection(ps: PhotoshopApi, spec: SelectionSpec): Promise<SelectionResult> {
  return ps.core.executeAsModal(
    async (context) => {
      const { historySuspensionID } = await context.hostControl.suspendHistory({
        documentID: spec.documentId,
        name: spec.historyName,
      });
      try {
        const data = await grayImageData(ps, spec.mask);
        const targetBounds = { left: spec.left, top: spec.top, width: spec.mask.width, height: spec.mask.height };
        let result: SelectionResult;
        if (typeof ps.imaging.putSelection === "function") {
          await ps.imaging.putSelection({ documentID: spec.documentId, imageData: data, replace: true, targetBounds });
          result = "selection";
        } else {
          await ps.action
            .batchPlay(addHideAllMaskDescriptors(spec.documentId, spec.layerId), {})
            .catch((error: unknown) => {
              throw new HostError(
                `This Photoshop cannot set a selection from a plugin, and "${spec.layerName}" cannot take the mask instead (${error instanceof Error ? error.message.replace(/^Photoshop: /, "") : "refused"}). Use a normal layer without a mask (double-click a Background layer to make it one), or update Photoshop.`,
              );
            });
          await ps.imaging.putLayerMask({
            documentID: spec.documentId,
            layerID: spec.layerId,
            imageData: data,
            replace: true,
            targetBounds,
          });
          result = "layer-mask";
        }
        await data.dispose();
        if (context.isCancelled) throw new CancelledError("Cancelled in Photoshop: the selection was not changed.");
        await context.hostControl.resumeHistory({ historySuspensionID }, true);
        return result;
      } catch (error) {
        await context.hostControl.resumeHistory({ historySuspensionID }, false);
        throw error;
      }
    },
    { commandName: spec.historyName },
  );
}
