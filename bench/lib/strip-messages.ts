import type { RasterImage, UpscaleOptions } from "../../server/src/engines/types.js";

/** Main thread → strip worker: upscale this strip with this engine. */
export interface StripRequest {
  id: number;
  engine: string;
  scale: UpscaleOptions["scale"];
  image: RasterImage;
}

/** Strip worker → main thread: the upscaled strip, or why it failed. */
export type StripReply = { id: number; image: RasterImage; error?: undefined } | { id: number; error: string };
