import { unzlibSync, zlibSync } from "fflate";
import { type GrayImage, type RgbaImage, toRgba } from "./pixels.js";

// PNG (RFC 2083 / W3C PNG 3rd ed.) on fflate's zlib, in pure JS: UXP has no canvas `toBlob` and
// `imaging.encodeImageData` only makes JPEG, which would smear masks and lose alpha. Written here
// rather than with fast-png because fast-png's iobuffer builds a `TextEncoder` at load time, which
// UXP and Figma's sandbox may lack. Every image is tagged sRGB (an `sRGB` chunk plus the `gAMA`
// fallback, PNG §11.3.3.5): the pixels are sRGB, and the tag says so to whoever reads them.

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 255] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(ascii(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Filters each row with the PNG filter that gives the smallest sum of absolute values (PNG §12.8). */
function filterRows(data: Uint8Array, rowBytes: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array((rowBytes + 1) * height);
  const candidate = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let f = 0; f < 5; f++) {
      let score = 0;
      for (let x = 0; x < rowBytes; x++) {
        const raw = data[row + x] as number;
        const a = x >= bpp ? (data[row + x - bpp] as number) : 0;
        const b = y > 0 ? (data[row - rowBytes + x] as number) : 0;
        const c = x >= bpp && y > 0 ? (data[row - rowBytes + x - bpp] as number) : 0;
        const predicted = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (raw - predicted) & 255;
        candidate[x] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        out[y * (rowBytes + 1)] = f;
        out.set(candidate, y * (rowBytes + 1) + 1);
      }
    }
  }
  return out;
}

function encode(width: number, height: number, data: Uint8Array, channels: 1 | 4): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, channels === 4 ? 6 : 0, 0, 0, 0], 8); // 8 bits, RGBA or gray, deflate, adaptive filters, no interlace
  const gama = new Uint8Array(4);
  new DataView(gama.buffer).setUint32(0, 45455); // 1/2.2 × 100000, what sRGB decoders without the sRGB chunk use
  const idat = zlibSync(filterRows(data, width * channels, height, channels), { level: 6 });
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk("IHDR", header),
    chunk("sRGB", Uint8Array.of(0)), // rendering intent 0: perceptual
    chunk("gAMA", gama),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Encodes sRGB RGBA pixels as an 8-bit, sRGB-tagged PNG. */
export function encodeRgbaPng(image: RgbaImage): Uint8Array {
  return encode(image.width, image.height, image.data, 4);
}

/** Encodes a mask as an 8-bit grayscale PNG (white = regenerate, the convention of `inpaint`). */
export function encodeMaskPng(mask: GrayImage): Uint8Array {
  return encode(mask.width, mask.height, mask.data, 1);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes a non-interlaced PNG (any colour type; 8- or 16-bit, 16 reduced to 8; palette expanded) to RGBA. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error("not a PNG (bad signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let depth = 8;
  let colourType = 6;
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let o = 8; o + 8 <= bytes.length; ) {
    const length = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const data = bytes.subarray(o + 8, o + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      depth = data[8] as number;
      colourType = data[9] as number;
      if (data[12] !== 0) throw new Error("interlaced PNGs are not supported");
    } else if (type === "PLTE") palette = data;
    else if (type === "tRNS") transparency = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    o += 12 + length;
  }
  const channels = CHANNELS[colourType];
  if (!channels || (depth !== 8 && depth !== 16)) throw new Error(`PNG colour type ${colourType} at ${depth} bits`);
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let offset = 0;
  for (const part of idat) {
    joined.set(part, offset);
    offset += part.length;
  }
  const raw = unzlibSync(joined);
  const bpp = (channels * depth) / 8;
  const rowBytes = width * bpp;
  const pixels = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)] as number;
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? (pixels[row + x - bpp] as number) : 0;
      const b = y > 0 ? (pixels[row - rowBytes + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (pixels[row - rowBytes + x - bpp] as number) : 0;
      const predicted =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      pixels[row + x] = ((raw[src + x] as number) + predicted) & 255;
    }
  }
  const eight = depth === 16 ? pixels.filter((_, i) => i % 2 === 0) : pixels;
  if (colourType !== 3) return toRgba(eight, width, height, channels);
  if (!palette) throw new Error("palette PNG without PLTE");
  const out = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const index = eight[p] as number;
    out.set(palette.subarray(index * 3, index * 3 + 3), p * 4);
    out[p * 4 + 3] = transparency && index < transparency.length ? (transparency[index] as number) : 255;
  }
  return { width, height, data: out };
}
