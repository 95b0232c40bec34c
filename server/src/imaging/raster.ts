/** Interleaved 8-bit sRGB pixels, row-major, no padding: `data.length === width * height * channels`. */
export interface RasterImage {
  data: Uint8Array;
  width: number; // px
  height: number; // px
  channels: 1 | 3 | 4;
}
