import {
  COMMANDS,
  decodeImage,
  type GrayImage,
  type RgbaImage,
  resizeGray,
  resizeRgba,
  SELECT_MODES,
} from "@easel/plugin-core";
import type { EaselClient } from "@easel/shared/client";
import type { Job, Layer } from "@easel/shared/protocol";
import type { PhotoshopApi } from "../host/photoshop-api.js";
import { type PlacedLayer, placeInNewDocument, placeLayer } from "../host/place-layer.js";
import type { ProvenanceStore } from "../host/provenance-store.js";
import { type SelectionResult, setSelection } from "../host/set-selection.js";
import { easelLayerName } from "./layer-name.js";
import type { Placement } from "./placement.js";

/** Where a kept result went: a new layer, or (select) the document's selection on the source layer. */
export interface Kept extends PlacedLayer {
  /** Select only: set as the selection, or as a layer mask where Photoshop could not take a selection. */
  selection?: SelectionResult;
}

export interface KeepOptions {
  ps: PhotoshopApi;
  client: EaselClient;
  provenance: ProvenanceStore;
}

/** Scales an upload-sized image back to document pixels (the inverse of the capture's downscale). */
const toDocument = (image: RgbaImage, scale: number): RgbaImage =>
  scale === 1 ? image : resizeRgba(image, Math.round(image.width / scale), Math.round(image.height / scale));

/** The first channel of a decoded grey PNG (masks come back as grey, 255 = selected). */
const grayOf = (image: RgbaImage): GrayImage => ({
  width: image.width,
  height: image.height,
  data: image.data.filter((_, i) => i % 4 === 0),
});

/** The mask the job used (it is on the server: `request.mask`), at document scale over `crop`. */
async function jobMask(
  client: EaselClient,
  job: Pick<Job, "request">,
  placement: Placement,
): Promise<GrayImage | null> {
  const id = (job.request as { mask?: string }).mask;
  if (!id) return null;
  const gray = grayOf(decodeImage(await client.downloadAsset(id)));
  const { crop } = placement;
  return resizeGray(gray, crop.right - crop.left, crop.bottom - crop.top);
}

/**
 * Places one candidate at the exact position and scale of what was read: a new layer above the
 * source (with a layer mask from the selection for fill/remove; after growing the canvas for
 * expand; stretched over the selection or canvas for generate), or a new document for upscale.
 * Records the job id and manifest for the new layer.
 */
export async function keepCandidate(
  options: KeepOptions,
  run: { placement: Placement; job: Pick<Job, "request"> },
  candidate: Layer,
): Promise<Kept> {
  const { ps, client } = options;
  const { placement } = run;
  const { input, crop, scale } = placement;
  const result = decodeImage(await client.downloadAsset(candidate.assetId));
  const name = easelLayerName(input, candidate);
  const historyName = COMMANDS[input.kind].history;
  const base = { documentId: placement.documentId, aboveLayerId: placement.layerId, name, historyName };
  // `candidate.placement` is in the uploaded image's pixels; document px = upload px ÷ scale.
  const at = (v: number) => Math.round(v / scale);
  let placed: PlacedLayer;
  switch (input.kind) {
    case "fill":
    case "remove": {
      const mask = await jobMask(client, run.job, placement);
      placed = await placeLayer(ps, {
        ...base,
        image: toDocument(result, scale),
        left: crop.left + at(candidate.placement.x),
        top: crop.top + at(candidate.placement.y),
        ...(mask ? { mask: { image: mask, left: crop.left, top: crop.top } } : {}),
      });
      break;
    }
    case "expand": {
      const extend = placement.extend ?? { left: 0, top: 0, right: 0, bottom: 0 };
      placed = await placeLayer(ps, {
        ...base,
        image: toDocument(result, scale),
        extendCanvas: extend,
        left: crop.left + extend.left + at(candidate.placement.x),
        top: crop.top + extend.top + at(candidate.placement.y),
      });
      break;
    }
    case "select": {
      // The result is the mask itself: it becomes the selection (or, where that cannot be set, a layer mask).
      const mask = grayOf(toDocument(result, scale));
      const doc = [...ps.app.documents].find((d) => d.id === placement.documentId);
      const source = doc ? [...doc.layers].find((l) => l.id === placement.layerId) : undefined;
      const how = await setSelection(ps, {
        documentId: placement.documentId,
        layerId: placement.layerId,
        layerName: source?.name ?? "the layer",
        mask,
        left: crop.left + at(candidate.placement.x),
        top: crop.top + at(candidate.placement.y),
        historyName: SELECT_MODES[input.mode].history,
      });
      return {
        documentId: placement.documentId,
        layerId: placement.layerId,
        name: source?.name ?? SELECT_MODES[input.mode].label,
        bounds: { left: crop.left, top: crop.top, right: crop.left + mask.width, bottom: crop.top + mask.height },
        selection: how,
      };
    }
    case "adjust":
    case "recolor": {
      // Pixels outside the mask come back unchanged; the layer mask still shows what was adjusted and can be painted.
      const mask = await jobMask(client, run.job, placement);
      const shown = mask && input.invertMask ? { ...mask, data: mask.data.map((v) => 255 - v) } : mask;
      placed = await placeLayer(ps, {
        ...base,
        image: toDocument(result, scale),
        left: crop.left + at(candidate.placement.x),
        top: crop.top + at(candidate.placement.y),
        ...(shown ? { mask: { image: shown, left: crop.left, top: crop.top } } : {}),
      });
      break;
    }
    case "brand-style":
    case "variations":
      placed = await placeLayer(ps, {
        ...base,
        image: toDocument(result, scale),
        left: crop.left + at(candidate.placement.x),
        top: crop.top + at(candidate.placement.y),
      });
      break;
    case "generate":
      // Fit the selection (or canvas) it was made for, not (0,0) at the model's size.
      placed = await placeLayer(ps, {
        ...base,
        image: resizeRgba(result, crop.right - crop.left, crop.bottom - crop.top),
        left: crop.left,
        top: crop.top,
      });
      break;
    case "upscale":
      placed = await placeInNewDocument(ps, {
        title: `${placement.documentTitle.replace(/\.[a-z0-9]+$/i, "")} ${input.scale}x`,
        layerName: name,
        historyName,
        image: result,
        resolution: placement.resolution,
      });
      break;
    default: {
      const never: never = input;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
  const title = [...ps.app.documents].find((d) => d.id === placed.documentId)?.title ?? placement.documentTitle;
  options.provenance.record(title, placed.layerId, {
    jobId: candidate.jobId,
    manifestId: candidate.manifestId,
    manifestUrl: candidate.manifestUrl,
    seed: candidate.seed,
    prompt: "prompt" in input ? (input.prompt ?? null) : null,
    kind: input.kind,
    placedAt: new Date().toISOString(),
  });
  return placed;
}

/** Opens a result of a job this panel has no placement for (another machine, an old job) as a new document. */
export async function openAsDocument(options: KeepOptions, job: Job, candidate: Layer): Promise<PlacedLayer> {
  const result = decodeImage(await options.client.downloadAsset(candidate.assetId));
  const name = `Easel · ${candidate.label}${candidate.seed === null ? "" : ` (${candidate.seed})`}`;
  const placed = await placeInNewDocument(options.ps, {
    title: `${job.document ?? "Easel"} · ${candidate.label}`,
    layerName: name,
    historyName: "Easel Open Result",
    image: result,
    resolution: 72,
  });
  options.provenance.record(`${job.document ?? "Easel"} · ${candidate.label}`, placed.layerId, {
    jobId: candidate.jobId,
    manifestId: candidate.manifestId,
    manifestUrl: candidate.manifestUrl,
    seed: candidate.seed,
    prompt: (job.request as { prompt?: string }).prompt ?? null,
    kind: job.kind,
    placedAt: new Date().toISOString(),
  });
  return placed;
}
