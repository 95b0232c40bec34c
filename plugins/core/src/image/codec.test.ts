import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode } from "../text/base64.js";
import { decodeImage } from "./decode-image.js";
import { decodeJpeg } from "./jpeg-decode.js";
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

describe("JPEG decoding", () => {
  const meanError = (a: Uint8Array, b: Uint8Array, aChannels: number, bChannels: number, pixels: number) => {
    let error = 0;
    for (let p = 0; p < pixels; p++)
      for (let c = 0; c < 3; c++)
        error += Math.abs((a[p * aChannels + c] as number) - (b[p * bChannels + c] as number));
    return error / (pixels * 3);
  };

  for (const [name, options] of [
    ["4:2:0 with restart intervals", { quality: 85, chromaSubsampling: "4:2:0" }],
    ["4:4:4", { quality: 92, chromaSubsampling: "4:4:4" }],
  ] as const) {
    it(`decodes a ${name} baseline JPEG made by libjpeg like libjpeg does`, async () => {
      const photo = resizeRgba(decodePng(PHOTO), 203, 131);
      const raw = { raw: { width: 203, height: 131, channels: 4 as const } };
      const jpeg = new Uint8Array(await sharp(Buffer.from(photo.data), raw).removeAlpha().jpeg(options).toBuffer());
      const reference = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
      const decoded = decodeJpeg(jpeg);
      expect([decoded.width, decoded.height]).toEqual([203, 131]);
      expect(meanError(decoded.data, reference.data, 4, 3, 203 * 131)).toBeLessThan(2.5);
    });
  }

  it("decodes grayscale JPEGs and its own encoder's output, and refuses progressive ones in plain words", async () => {
    const photo = resizeRgba(decodePng(PHOTO), 64, 48);
    expect(meanError(decodeJpeg(encodeJpeg(photo, 95)).data, photo.data, 4, 4, 64 * 48)).toBeLessThan(4);
    const raw = { raw: { width: 64, height: 48, channels: 4 as const } };
    const gray = new Uint8Array(
      await sharp(Buffer.from(photo.data), raw).removeAlpha().toColourspace("b-w").jpeg().toBuffer(),
    );
    expect((await sharp(gray).metadata()).channels).toBe(1);
    const reference = await sharp(gray).raw().toBuffer({ resolveWithObject: true });
    const decoded = decodeJpeg(gray);
    const channels = reference.info.channels;
    let error = 0;
    for (let p = 0; p < 64 * 48; p++)
      error += Math.abs((decoded.data[p * 4] as number) - (reference.data[p * channels] as number));
    expect(error / (64 * 48)).toBeLessThan(2.5);
    const progressive = new Uint8Array(
      await sharp(Buffer.from(photo.data), raw).jpeg({ progressive: true }).toBuffer(),
    );
    expect(() => decodeJpeg(progressive)).toThrow(/progressive/);
  });
});

describe("decodeImage", () => {
  it("tells PNG from JPEG by their bytes and refuses anything else", () => {
    const photo = resizeRgba(decodePng(PHOTO), 32, 24);
    expect(decodeImage(encodeRgbaPng(photo)).width).toBe(32);
    expect(decodeImage(encodeJpeg(photo)).height).toBe(24);
    expect(() => decodeImage(new Uint8Array([0x47, 0x49, 0x46, 0x38]))).toThrow(/PNG or JPEG/);
  });
});
