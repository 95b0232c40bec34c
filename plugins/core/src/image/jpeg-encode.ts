import type { RgbaImage } from "./pixels.js";

// A baseline JPEG encoder (ITU T.81), for thumbnails: UXP's <img> shows base64 data, and the
// imaging docs use JPEG for it. 4:4:4 sampling, the Annex K quantisation tables scaled like IJG's
// quality setting, one Huffman table pair (Annex K.3/K.5, which covers every symbol) for all three
// components. Alpha is matted on white. Thumbnails are small, so the DCT is the direct O(n^4) form.

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = Array.from({ length: 64 }, (_, i) => {
  const row = [17, 18, 24, 47, 18, 21, 26, 66, 24, 26, 56, 99, 47, 66, 99, 99];
  const y = i >> 3;
  const x = i & 7;
  return y < 4 && x < 4 ? (row[y * 4 + x] as number) : 99;
});
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
// biome-ignore format: the Annex K.5 table, 16 values a line
const AC_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
  0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
  0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
  0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
  0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
  0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];

/** Canonical Huffman codes from the bit counts (T.81 Annex C): symbol → [code, length]. */
function huffmanCodes(bits: number[], values: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < (bits[length - 1] as number); i++) codes.set(values[k++] as number, [code++, length]);
    code <<= 1;
  }
  return codes;
}
const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const AC_CODES = huffmanCodes(AC_BITS, AC_VALUES);

const COS = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16));
const C = (u: number) => (u === 0 ? Math.SQRT1_2 : 1);

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private count = 0;
  write(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((code >> i) & 1);
      if (++this.count === 8) {
        this.bytes.push(this.acc);
        if (this.acc === 0xff) this.bytes.push(0); // byte stuffing (T.81 F.1.2.3)
        this.acc = 0;
        this.count = 0;
      }
    }
  }
  flush(): void {
    if (this.count > 0) this.write((1 << (8 - this.count)) - 1, 8 - this.count);
  }
}

const bitLength = (v: number) => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)));
const magnitude = (v: number, size: number) => (v < 0 ? v + (1 << size) - 1 : v);

function scaled(table: number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return table.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

function encodeBlock(block: Float64Array, quant: number[], previousDc: number, out: BitWriter): number {
  const coefficients = new Int32Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++)
          sum += (block[y * 8 + x] as number) * (COS[x * 8 + u] as number) * (COS[y * 8 + v] as number);
      coefficients[v * 8 + u] = Math.round((0.25 * C(u) * C(v) * sum) / (quant[v * 8 + u] as number));
    }
  }
  const dc = coefficients[0] as number;
  const diff = dc - previousDc;
  const size = bitLength(diff);
  const [dcCode, dcLength] = DC_CODES.get(size) as [number, number];
  out.write(dcCode, dcLength);
  if (size > 0) out.write(magnitude(diff, size), size);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const value = coefficients[ZIGZAG[k] as number] as number;
    if (value === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      const [zrl, zrlLength] = AC_CODES.get(0xf0) as [number, number];
      out.write(zrl, zrlLength);
      run -= 16;
    }
    const acSize = bitLength(value);
    const [code, length] = AC_CODES.get((run << 4) | acSize) as [number, number];
    out.write(code, length);
    out.write(magnitude(value, acSize), acSize);
    run = 0;
  }
  if (run > 0) {
    const [eob, eobLength] = AC_CODES.get(0) as [number, number];
    out.write(eob, eobLength);
  }
  return dc;
}

const u16 = (v: number) => [(v >> 8) & 255, v & 255];
const segment = (marker: number, body: number[]) => [0xff, marker, ...u16(body.length + 2), ...body];

/** Encodes RGBA pixels (alpha matted on white) as a baseline JPEG; `quality` 1–100 as in IJG. */
export function encodeJpeg(image: RgbaImage, quality = 85): Uint8Array {
  const { width, height, data } = image;
  const luma = scaled(LUMA_Q, quality);
  const chroma = scaled(CHROMA_Q, quality);
  const out = new BitWriter();
  const previous = [0, 0, 0];
  const blocks = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          // Edge blocks repeat the last row/column (T.81 A.2.4 leaves padding to the encoder).
          const i = (Math.min(height - 1, by + y) * width + Math.min(width - 1, bx + x)) * 4;
          const a = (data[i + 3] as number) / 255;
          const r = (data[i] as number) * a + 255 * (1 - a);
          const g = (data[i + 1] as number) * a + 255 * (1 - a);
          const b = (data[i + 2] as number) * a + 255 * (1 - a);
          // JFIF YCbCr (full range), level-shifted by 128.
          (blocks[0] as Float64Array)[y * 8 + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          (blocks[1] as Float64Array)[y * 8 + x] = -0.168736 * r - 0.331264 * g + 0.5 * b;
          (blocks[2] as Float64Array)[y * 8 + x] = 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
      }
      for (let c = 0; c < 3; c++)
        previous[c] = encodeBlock(blocks[c] as Float64Array, c === 0 ? luma : chroma, previous[c] as number, out);
    }
  }
  out.flush();
  const bytes = [
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...ZIGZAG.map((z) => luma[z] as number), 1, ...ZIGZAG.map((z) => chroma[z] as number)]),
    ...segment(0xc0, [8, ...u16(height), ...u16(width), 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
  ];
  const result = new Uint8Array(bytes.length + out.bytes.length + 2);
  result.set(bytes);
  result.set(out.bytes, bytes.length);
  result.set([0xff, 0xd9], bytes.length + out.bytes.length);
  return result;
}
