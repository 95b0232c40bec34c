import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { decodePng, type RgbaImage } from "@easel/plugin-core";

const PHOTOS = fileURLToPath(new URL("../../../../tests/fixtures/photos/", import.meta.url));

/** A real photograph from tests/fixtures/photos as RGBA. */
export function photo(name: string): RgbaImage {
  return decodePng(new Uint8Array(readFileSync(`${PHOTOS}${name}`)));
}

/** A copy of `image` with an opaque dark square painted at (x, y) (px): the object to remove. */
export function withSquare(image: RgbaImage, x0: number, y0: number, size: number): RgbaImage {
  const data = image.data.slice();
  for (let y = y0; y < y0 + size; y++)
    for (let x = x0; x < x0 + size; x++) data.set([20, 20, 24, 255], (y * image.width + x) * 4);
  return { ...image, data };
}

/** A canvas-sized selection with a rectangle selected (255). */
export function rectSelection(width: number, height: number, x0: number, y0: number, w: number, h: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y0 + h; y++) mask.fill(255, y * width + x0, y * width + x0 + w);
  return mask;
}

/** `localStorage` stand-in backed by a Map. */
export function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}
