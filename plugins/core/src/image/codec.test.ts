import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode } from "../text/base64.js";
import { encodeJpeg } from "./jpeg-encode.js";
import { decodePng, encodeMaskPng, encodeRgbaPng } from "./png.js";
import { resizeRgba } from "./resize.js";

// sharp (the server's image library) is the independent reader the encoders are checked against.
const sharp = createRequire(new URL("../../../../server/package.json", import.meta.url))(
  "sharp",
) as typeof import("../../../../server/node_modules/sharp/lib/index.js");
const PHOTO = new Uint8Array(
  readFileSync(new URL("../../../../tests/fixtures/photos/fig-in-red-bowl.png", import.meta.url)),
);

/** Byte equality without vitest's element-by-element diffing (slow on megabytes). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe("image codec", () => {
  it("round-trips a real photo through PNG exactly, tagged sRGB, readable by sharp", async () => {
    const photo = decodePng(PHOTO);
    const png = encodeRgbaPng(photo);
    const back = decodePng(png);
    expect([back.width, back.height]).toEqual([photo.width, photo.height]);
    expect(sameBytes(back.data, photo.data)).toBe(true);
    const reference = await sharp(PHOTO).raw().ensureAlpha().toBuffer({ resolveWithObject: true });
    expect([photo.width, photo.height]).toEqual([reference.info.width, reference.info.height]);
    expect(sameBytes(photo.data, reference.data)).toBe(true);
    const read = await sharp(png).raw().ensureAlpha().toBuffer({ resolveWithObject: true });
    expect(sameBytes(read.data, photo.data)).toBe(true);
    expect(Buffer.from(png).includes(Buffer.from("sRGB"))).toBe(true);
  });

  it("encodes masks as 8-bit gray PNGs", async () => {
    const data = new Uint8Array(64 * 32).map((_, i) => (i % 64 < 20 ? 255 : 0));
    const png = encodeMaskPng({ width: 64, height: 32, data });
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([64, 32, 1]);
    expect(decodePng(png).data.filter((_, i) => i % 4 === 0)).toEqual(data);
  });

  it("decodes 16-bit and palette PNGs made by another encoder", async () => {
    const photo = decodePng(PHOTO);
    const small = resizeRgba(photo, 40, 30);
    const raw = { raw: { width: 40, height: 30, channels: 4 as const } };
    const sixteen = await sharp(Buffer.from(small.data), raw).toColourspace("rgb16").png().toBuffer();
    const decoded16 = decodePng(new Uint8Array(sixteen));
    expect(decoded16.width).toBe(40);
    const maxDiff = Math.max(...decoded16.data.map((v, i) => Math.abs(v - (small.data[i] as number))));
    expect(maxDiff).toBeLessThanOrEqual(1);
    const palette = await sharp(Buffer.from(small.data), raw).png({ palette: true, colours: 200 }).toBuffer();
    expect(decodePng(new Uint8Array(palette)).data.length).toBe(40 * 30 * 4);
  });

  it("encodes a baseline JPEG that sharp reads back close to the source", async () => {
    const photo = resizeRgba(decodePng(PHOTO), 203, 131); // not a multiple of 8 on purpose
    const jpeg = encodeJpeg(photo, 90);
    const read = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect([read.info.width, read.info.height, read.info.format]).toEqual([203, 131, "raw"]);
    let error = 0;
    for (let p = 0; p < 203 * 131; p++)
      for (let c = 0; c < 3; c++)
        error += Math.abs((read.data[p * 3 + c] as number) - (photo.data[p * 4 + c] as number));
    expect(error / (203 * 131 * 3)).toBeLessThan(6); // mean absolute error per channel (0–255)
  });

  it("base64 matches Node's for every length mod 3, both ways", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 100_001]) {
      const bytes = PHOTO.subarray(0, n);
      const text = base64Encode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64"));
      expect(sameBytes(base64Decode(text), bytes)).toBe(true);
    }
  });
});
