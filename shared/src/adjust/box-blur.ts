/**
 * Separable box blur of a single-channel float plane, repeated three times: the result approaches a Gaussian
 * of variance 3·r(r+1) (central limit; W. M. Wells, "Efficient synthesis of Gaussian filters by cascaded
 * uniform filters", IEEE PAMI 8(2), 1986) at O(1) per pixel whatever the radius. Edges repeat the border pixel.
 */
export function gaussianish(plane: Float64Array, width: number, height: number, radius: number): Float64Array {
  if (radius < 1) return plane.slice();
  const a = plane.slice();
  const b = new Float64Array(plane.length);
  for (let pass = 0; pass < 3; pass++) {
    boxRows(a, b, width, height, radius);
    boxColumns(b, a, width, height, radius);
  }
  // Each pass blurs a's rows into b and b's columns back into a.
  return a;
}

function boxRows(src: Float64Array, dst: Float64Array, width: number, height: number, r: number): void {
  const scale = 1 / (2 * r + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const last = width - 1;
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += src[row + clamp(k, last)] as number;
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum * scale;
      sum += (src[row + clamp(x + r + 1, last)] as number) - (src[row + clamp(x - r, last)] as number);
    }
  }
}

function boxColumns(src: Float64Array, dst: Float64Array, width: number, height: number, r: number): void {
  const scale = 1 / (2 * r + 1);
  const last = height - 1;
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += src[clamp(k, last) * width + x] as number;
    for (let y = 0; y < height; y++) {
      dst[y * width + x] = sum * scale;
      sum += (src[clamp(y + r + 1, last) * width + x] as number) - (src[clamp(y - r, last) * width + x] as number);
    }
  }
}

function clamp(i: number, last: number): number {
  return i < 0 ? 0 : Math.min(i, last);
}
