/**
 * Faces in an output, for representation monitoring: how many, and how big. No identity, no attributes: only
 * counts and box sizes go into the audit, so an org can see over time how often its outputs show people and
 * at what scale, without the service judging who they are.
 */
export interface FaceCount {
  count: number;
  /** Each face's box (px) and its share of the image's area (0..1), largest first. */
  sizes: { width: number; height: number; share: number }[];
}

/** The count of a detector's faces in a `width` x `height` image. */
export function countFaces(
  faces: readonly { width: number; height: number }[],
  width: number,
  height: number,
): FaceCount {
  const sizes = faces
    .map((f) => ({
      width: Math.round(f.width),
      height: Math.round(f.height),
      share: Math.round(((f.width * f.height) / (width * height)) * 1e4) / 1e4,
    }))
    .sort((a, b) => b.share - a.share);
  return { count: sizes.length, sizes };
}

/** One day of an org's outputs: how many were audited, how many showed faces, and the faces' sizes. */
export interface FaceDay {
  day: string; // YYYY-MM-DD (UTC)
  outputs: number;
  outputsWithFaces: number;
  faces: number;
  /** Median share of the image a face covers that day (0 without faces). */
  medianShare: number;
}

/** Per-day face statistics from output audit rows (`details.faces` as the classify stage recorded it). */
export function faceDays(rows: readonly { at: number; details: unknown }[]): FaceDay[] {
  const days = new Map<string, { outputs: number; withFaces: number; shares: number[] }>();
  for (const row of rows) {
    const faces = (row.details as { faces?: FaceCount } | null)?.faces;
    if (!faces) continue;
    const day = new Date(row.at).toISOString().slice(0, 10);
    const d = days.get(day) ?? { outputs: 0, withFaces: 0, shares: [] };
    d.outputs++;
    if (faces.count > 0) d.withFaces++;
    d.shares.push(...faces.sizes.map((s) => s.share));
    days.set(day, d);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, d]) => {
      const s = [...d.shares].sort((a, b) => a - b);
      const mid =
        s.length === 0
          ? 0
          : s.length % 2
            ? (s[(s.length - 1) / 2] as number)
            : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
      return { day, outputs: d.outputs, outputsWithFaces: d.withFaces, faces: d.shares.length, medianShare: mid };
    });
}
