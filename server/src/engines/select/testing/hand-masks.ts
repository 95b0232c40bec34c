/**
 * Regions drawn by hand on the fixture photos (tests/fixtures/photos), as polygons in the photo's pixel
 * coordinates, traced by looking at each photo with a 32 px grid over it: the ground truth the selection tests
 * measure IoU against. Not model output: each was checked by eye against the photo, not against a mask.
 */

export type Polygon = readonly (readonly [number, number])[];

/** Eileen Collins in her orange suit, with the helmet she holds (512x512). */
export const ASTRONAUT_PERSON: Polygon = [
  [165, 30],
  [200, 17.5],
  [235, 15],
  [270, 25],
  [295, 50],
  [302.5, 85],
  [295, 120],
  [275, 145],
  [287.5, 167.5],
  [302.5, 200],
  [306, 225],
  [302.5, 250],
  [330, 260],
  [350, 280],
  [357.5, 310],
  [365, 345],
  [400, 344],
  [450, 360],
  [485, 395],
  [500, 435],
  [507.5, 480],
  [512, 512],
  [20, 512],
  [20, 350],
  [30, 310],
  [50, 260],
  [90, 220],
  [117.5, 200],
  [120, 180],
  [145, 155],
  [172.5, 145],
  [157.5, 110],
  [152.5, 70],
];

/** Grace Hopper: cap, head and uniform, down to the bottom edge (436x512). */
export const HOPPER_PERSON: Polygon = [
  [131, 100],
  [150, 60],
  [190, 25],
  [225, 20],
  [265, 27.5],
  [300, 55],
  [317.5, 95],
  [320, 145],
  [310, 210],
  [295, 260],
  [280, 272.5],
  [300, 282.5],
  [350, 305],
  [400, 320],
  [420, 340],
  [436, 380],
  [436, 512],
  [10, 512],
  [15, 380],
  [30, 340],
  [50, 320],
  [125, 300],
  [150, 272.5],
  [140, 240],
  [132.5, 200],
  [131, 150],
];

/** The orange-red bowl holding the fig, without its shadow (512x344). */
export const FIG_BOWL: Polygon = [
  [115, 165],
  [150, 130],
  [200, 95],
  [250, 65],
  [300, 47.5],
  [350, 42.5],
  [400, 50],
  [440, 70],
  [475, 100],
  [495, 135],
  [502.5, 175],
  [500, 225],
  [490, 270],
  [470, 300],
  [440, 320],
  [400, 332.5],
  [350, 340],
  [310, 342],
  [270, 327.5],
  [230, 305],
  [190, 277.5],
  [155, 240],
  [130, 205],
  [117.5, 175],
];

/** A one-channel mask (255 inside, 0 outside) of a polygon, by the even-odd rule at pixel centres. */
export function rasterisePolygon(polygon: Polygon, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const py = y + 0.5;
    const xs: number[] = [];
    for (let i = 0; i < polygon.length; i++) {
      const [x0, y0] = polygon[i] as readonly [number, number];
      const [x1, y1] = polygon[(i + 1) % polygon.length] as readonly [number, number];
      if (y0 <= py !== y1 <= py) xs.push(x0 + ((py - y0) / (y1 - y0)) * (x1 - x0));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil((xs[k] as number) - 0.5));
      const to = Math.min(width - 1, Math.floor((xs[k + 1] as number) - 0.5));
      if (to >= from) out.fill(255, y * width + from, y * width + to + 1);
    }
  }
  return out;
}

/** Intersection over union of two masks, each thresholded at 128. */
export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const p = (a[i] as number) >= 128;
    const q = (b[i] as number) >= 128;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 1 : inter / union;
}
