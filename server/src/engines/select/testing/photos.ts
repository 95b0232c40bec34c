import { fileURLToPath } from "node:url";
import { readRaster } from "../../../imaging/raster-io.js";
import type { EngineContext, RasterImage } from "../../types.js";

/** A fixture photo (tests/fixtures/photos) decoded to RGB. */
export function readPhotoRaster(name: string): Promise<RasterImage> {
  return readRaster(fileURLToPath(new URL(`../../../../../tests/fixtures/photos/${name}`, import.meta.url)));
}

/** An engine context for tests: never aborted, progress ignored. */
export function testContext(): EngineContext {
  return { signal: new AbortController().signal, progress() {} };
}
