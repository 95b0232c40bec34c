export { checkDocument, checkLayer } from "./check-document.js";
export { HostError } from "./host-error.js";
export { grayImageData, rgbaImageData } from "./image-data.js";
export { addHideAllMaskDescriptors } from "./layer-mask.js";
export type { PhotoshopApi, PsBounds, PsDocument, PsLayer } from "./photoshop-api.js";
export {
  type CanvasExtension,
  type NewDocumentSpec,
  type PlacedLayer,
  type PlaceLayerSpec,
  placeInNewDocument,
  placeLayer,
} from "./place-layer.js";
export { type KeyValueStorage, type LayerProvenance, ProvenanceStore } from "./provenance-store.js";
export { type ActiveLayer, activeLayer, readLayerPixels, SRGB_PROFILE } from "./read-layer.js";
export { readSelectionMask, selectionBounds } from "./read-selection.js";
export { type SelectionResult, type SelectionSpec, setSelection } from "./set-selection.js";
