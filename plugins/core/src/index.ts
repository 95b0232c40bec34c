export { AdjustPreview, PREVIEW_SIDE } from "./adjust/adjust-preview.js";
export { ADJUST_SLIDERS, type AdjustSlider, adjustmentsFrom, sliderText } from "./adjust/adjust-sliders.js";
export { type BrandPalette, brandPalette } from "./adjust/brand-palette.js";
export { LivePreview } from "./adjust/live-preview.js";
export {
  adjustParams,
  buildJobRequest,
  type RequestContext,
  type UploadedAssets,
} from "./commands/build-request.js";
export {
  type Adjustments,
  CAPABILITY,
  COMMAND_KINDS,
  COMMANDS,
  type CommandInput,
  type CommandKind,
  type Extension,
  type FaceOptions,
  type MaskOptions,
  needsImage,
  needsMask,
  type Sampling,
  SELECT_MODES,
  takesMask,
} from "./commands/command.js";
export {
  blockedRequestWording,
  describeError,
  type HostNetworkSetting,
  problemWording,
  type WordingContext,
} from "./errors/error-wording.js";
export { CancelledError, HostError } from "./errors/run-errors.js";
export { decodeImage } from "./image/decode-image.js";
export { decodeJpeg } from "./image/jpeg-decode.js";
export { encodeJpeg } from "./image/jpeg-encode.js";
export {
  type GrayImage,
  intersect,
  isEmptyMask,
  placeGray,
  type Rect,
  type RgbaImage,
  rectSize,
  toRgba,
} from "./image/pixels.js";
export { decodePng, encodeMaskPng, encodeRgbaPng } from "./image/png.js";
export { resizeGray, resizeRgba } from "./image/resize.js";
export { THUMBNAIL_SIDE, thumbnailDataUrl } from "./image/thumbnail.js";
export { contextPadding, type WorkingArea, workingArea } from "./image/working-area.js";
export { createPluginClient, type PluginClientOptions } from "./net/create-client.js";
export { type RetryOptions, retryAfterMs, retryingFetch } from "./net/retrying-fetch.js";
export {
  DEFAULT_GENERATION,
  DEFAULT_LIMITS,
  fitScale,
  type GenerationForm,
  generationForm,
  type InputLimits,
  inputLimits,
} from "./net/server-limits.js";
export { CandidateFeedback, type FeedbackClient } from "./run/feedback.js";
export { type KeyValueStorage, type PendingRun, PendingRunStore } from "./run/pending-run-store.js";
export { eventUpdate, progressUpdate, type RunUpdate } from "./run/progress-label.js";
export { rankCandidates, scoreLabel } from "./run/rank.js";
export {
  hostCanStream,
  RunController,
  type RunControllerOptions,
  type RunInputs,
  type RunResult,
} from "./run/run-controller.js";
export { base64Decode, base64Encode, dataUrl } from "./text/base64.js";
