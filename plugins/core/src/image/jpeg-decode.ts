import type { RgbaImage } from "./pixels.js";

// A baseline/extended sequential JPEG decoder (ITU T.81: SOF0/SOF1, Huffman, 8-bit samples), for
// the JPEGs a server may hand back (a user's own JPEG upload reopened from History). Any chroma
// subsampling, restart intervals, one interleaved scan or one scan per component; grayscale or
// YCbCr (JFIF; Adobe APP14 transform 0 means RGB). Progressive, arithmetic-coded, 12-bit and CMYK
// JPEGs are refused with a message saying so. Pure JS: no canvas in UXP or Figma's sandbox.

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];
// COS[x * 8 + u] = C(u) · cos((2x + 1)uπ / 16) / 2, so a 1-D IDCT is a dot product.
const COS = Array.from({ length: 64 }, (_, i) => {
  const x = i >> 3;
  const u = i & 7;
  return ((u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16)) / 2;
});

interface Huffman {
  maxCode: Int32Array; // by code length 1..16, -1 when none
  valuePointer: Int32Array;
  minCode: Int32Array;
  values: Uint8Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(17).fill(-1);
  const minCode = new Int32Array(17);
  const valuePointer = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const n = counts[length - 1] as number;
    if (n > 0) {
      valuePointer[length] = k;
      minCode[length] = code;
      code += n;
      k += n;
      maxCode[length] = code - 1;
    }
    code <<= 1;
  }
  return { maxCode, minCode, valuePointer, values };
}

interface Component {
  id: number;
  h: number;
  v: number;
  quant: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Decoded samples, blocksPerLine·8 wide. */
  pixels: Uint8Array;
  dcTable?: Huffman | undefined;
  acTable?: Huffman | undefined;
  predictor: number;
}

class BitReader {
  private bits = 0;
  private count = 0;
  constructor(
    private readonly data: Uint8Array,
    public offset: number,
  ) {}

  bit(): number {
    if (this.count === 0) {
      const byte = this.data[this.offset] ?? 0;
      if (byte !== 0xff) {
        this.offset++;
        this.bits = byte;
      } else if ((this.data[this.offset + 1] ?? 0) === 0) {
        this.offset += 2; // a stuffed 0xFF (T.81 F.1.2.3)
        this.bits = 0xff;
      } else {
        this.bits = 0; // a marker ends the entropy-coded data: pad with zeros and stay before it
      }
      this.count = 8;
    }
    this.count--;
    return (this.bits >> this.count) & 1;
  }

  receive(length: number): number {
    let v = 0;
    for (let i = 0; i < length; i++) v = (v << 1) | this.bit();
    return v;
  }

  decode(table: Huffman): number {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | this.bit();
      if (code <= (table.maxCode[length] as number))
        return table.values[
          (table.valuePointer[length] as number) + code - (table.minCode[length] as number)
        ] as number;
    }
    throw new Error("JPEG: bad Huffman code");
  }

  /** Skips to the next RSTn marker and resets the bit buffer (restart intervals, T.81 F.1.2.3). */
  restart(): void {
    this.count = 0;
    while (this.offset + 1 < this.data.length) {
      if (
        this.data[this.offset] === 0xff &&
        (this.data[this.offset + 1] as number) >= 0xd0 &&
        (this.data[this.offset + 1] as number) <= 0xd7
      ) {
        this.offset += 2;
        return;
      }
      this.offset++;
    }
  }
}

const extend = (v: number, s: number) => (s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v);

function decodeBlock(reader: BitReader, c: Component, quant: Uint16Array, row: number, col: number): void {
  const coefficients = new Float64Array(64);
  const s = reader.decode(c.dcTable as Huffman);
  c.predictor += extend(reader.receive(s), s);
  coefficients[0] = c.predictor * (quant[0] as number);
  for (let k = 1; k < 64; ) {
    const rs = reader.decode(c.acTable as Huffman);
    const r = rs >> 4;
    const size = rs & 15;
    if (size === 0) {
      if (r !== 15) break; // end of block
      k += 16;
      continue;
    }
    k += r;
    const z = ZIGZAG[k] as number;
    coefficients[z] = extend(reader.receive(size), size) * (quant[z] as number);
    k++;
  }
  // Separable IDCT: rows (over u), then columns (over v).
  const temp = new Float64Array(64);
  for (let v = 0; v < 8; v++)
    for (let x = 0; x < 8; x++) {
      let sum = 0;
      for (let u = 0; u < 8; u++) sum += (COS[x * 8 + u] as number) * (coefficients[v * 8 + u] as number);
      temp[v * 8 + x] = sum;
    }
  const stride = c.blocksPerLine * 8;
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      let sum = 0;
      for (let v = 0; v < 8; v++) sum += (COS[y * 8 + v] as number) * (temp[v * 8 + x] as number);
      const value = Math.round(sum + 128);
      c.pixels[(row * 8 + y) * stride + col * 8 + x] = Math.max(0, Math.min(255, value));
    }
}

/** Decodes a baseline JPEG to RGBA (opaque). */
export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("not a JPEG (no SOI marker)");
  const quantTables: Uint16Array[] = [];
  const dcTables: Huffman[] = [];
  const acTables: Huffman[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let hMax = 1;
  let vMax = 1;
  let restartInterval = 0;
  let adobeTransform: number | null = null;
  let o = 2;
  const u16 = (at: number) => ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
  while (o < bytes.length) {
    if (bytes[o] !== 0xff) {
      o++;
      continue;
    }
    const marker = bytes[o + 1] as number;
    o += 2;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) continue;
    if (marker === 0xd9) break;
    const length = u16(o);
    const segment = bytes.subarray(o + 2, o + length);
    if (marker === 0xdb) {
      for (let p = 0; p < segment.length; ) {
        const precision = (segment[p] as number) >> 4;
        const id = (segment[p] as number) & 15;
        const table = new Uint16Array(64);
        for (let k = 0; k < 64; k++)
          table[ZIGZAG[k] as number] = precision
            ? ((segment[p + 1 + 2 * k] as number) << 8) | (segment[p + 2 + 2 * k] as number)
            : (segment[p + 1 + k] as number);
        quantTables[id] = table;
        p += 1 + 64 * (precision ? 2 : 1);
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (segment[0] !== 8) throw new Error(`JPEG: ${segment[0]}-bit samples are not supported`);
      height = u16(o + 3);
      width = u16(o + 5);
      components = [];
      for (let i = 0; i < (segment[5] as number); i++) {
        const at = 6 + i * 3;
        components.push({
          id: segment[at] as number,
          h: (segment[at + 1] as number) >> 4,
          v: (segment[at + 1] as number) & 15,
          quant: segment[at + 2] as number,
          blocksPerLine: 0,
          blocksPerColumn: 0,
          pixels: new Uint8Array(0),
          predictor: 0,
        });
      }
      if (components.length !== 1 && components.length !== 3)
        throw new Error(`JPEG: ${components.length} components (CMYK?) are not supported`);
      hMax = Math.max(...components.map((c) => c.h));
      vMax = Math.max(...components.map((c) => c.v));
      const mcusPerLine = Math.ceil(width / (8 * hMax));
      const mcusPerColumn = Math.ceil(height / (8 * vMax));
      for (const c of components) {
        c.blocksPerLine = mcusPerLine * c.h;
        c.blocksPerColumn = mcusPerColumn * c.v;
        c.pixels = new Uint8Array(c.blocksPerLine * 8 * c.blocksPerColumn * 8);
      }
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error("JPEG: progressive or arithmetic-coded JPEGs are not supported; save as baseline");
    } else if (marker === 0xc4) {
      for (let p = 0; p < segment.length; ) {
        const kind = (segment[p] as number) >> 4;
        const id = (segment[p] as number) & 15;
        const counts = segment.subarray(p + 1, p + 17);
        const total = counts.reduce((n, v) => n + v, 0);
        const table = buildHuffman(counts, segment.subarray(p + 17, p + 17 + total));
        if (kind === 0) dcTables[id] = table;
        else acTables[id] = table;
        p += 17 + total;
      }
    } else if (marker === 0xdd) {
      restartInterval = u16(o + 2);
    } else if (marker === 0xee && String.fromCharCode(...segment.subarray(0, 5)) === "Adobe") {
      adobeTransform = segment[11] ?? null;
    } else if (marker === 0xda) {
      const inScan: Component[] = [];
      for (let i = 0; i < (segment[0] as number); i++) {
        const c = components.find((x) => x.id === segment[1 + i * 2]);
        if (!c) throw new Error("JPEG: scan names an unknown component");
        c.dcTable = dcTables[(segment[2 + i * 2] as number) >> 4];
        c.acTable = acTables[(segment[2 + i * 2] as number) & 15];
        c.predictor = 0;
        inScan.push(c);
      }
      const reader = new BitReader(bytes, o + length);
      decodeScan(reader, inScan, quantTables, width, height, hMax, vMax, restartInterval);
      o = reader.offset;
      continue;
    }
    o += length;
  }
  if (!width || !components.length) throw new Error("JPEG: no frame found");
  return toRgba(components, width, height, hMax, vMax, adobeTransform);
}

function decodeScan(
  reader: BitReader,
  scan: Component[],
  quantTables: Uint16Array[],
  width: number,
  height: number,
  hMax: number,
  vMax: number,
  restartInterval: number,
): void {
  const quant = (c: Component) => {
    const table = quantTables[c.quant];
    if (!table) throw new Error("JPEG: missing quantisation table");
    return table;
  };
  let mcu = 0;
  const restart = () => {
    reader.restart();
    for (const c of scan) c.predictor = 0;
  };
  if (scan.length === 1) {
    // Non-interleaved: the component's own block grid, cropped to its size (T.81 A.2.2).
    const c = scan[0] as Component;
    const rows = Math.ceil(Math.ceil((height * c.v) / vMax) / 8);
    const cols = Math.ceil(Math.ceil((width * c.h) / hMax) / 8);
    for (let row = 0; row < rows; row++)
      for (let col = 0; col < cols; col++) {
        if (restartInterval && mcu > 0 && mcu % restartInterval === 0) restart();
        decodeBlock(reader, c, quant(c), row, col);
        mcu++;
      }
    return;
  }
  const mcusPerLine = Math.ceil(width / (8 * hMax));
  const mcusPerColumn = Math.ceil(height / (8 * vMax));
  for (let my = 0; my < mcusPerColumn; my++)
    for (let mx = 0; mx < mcusPerLine; mx++) {
      if (restartInterval && mcu > 0 && mcu % restartInterval === 0) restart();
      for (const c of scan)
        for (let v = 0; v < c.v; v++)
          for (let h = 0; h < c.h; h++) decodeBlock(reader, c, quant(c), my * c.v + v, mx * c.h + h);
      mcu++;
    }
}

function toRgba(
  components: Component[],
  width: number,
  height: number,
  hMax: number,
  vMax: number,
  adobeTransform: number | null,
): RgbaImage {
  const out = new Uint8Array(width * height * 4);
  const sample = (c: Component, x: number, y: number) =>
    c.pixels[Math.floor((y * c.v) / vMax) * c.blocksPerLine * 8 + Math.floor((x * c.h) / hMax)] as number;
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  const rgb = adobeTransform === 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const [a, b, c] = components;
      if (!b || !c) {
        const g = sample(a as Component, x, y);
        out.set([g, g, g, 255], o);
        continue;
      }
      const Y = sample(a as Component, x, y);
      const Cb = sample(b, x, y);
      const Cr = sample(c, x, y);
      if (rgb) out.set([Y, Cb, Cr, 255], o);
      else
        out.set(
          [
            clamp(Y + 1.402 * (Cr - 128)),
            clamp(Y - 0.344136 * (Cb - 128) - 0.714136 * (Cr - 128)),
            clamp(Y + 1.772 * (Cb - 128)),
            255,
          ],
          o,
        );
    }
  return { width, height, data: out };
}
