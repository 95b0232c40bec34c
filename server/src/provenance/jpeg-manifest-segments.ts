// Puts a C2PA manifest store back into a JPEG as the APP11 (JPEG XT, ISO 19566-5) segments c2pa-rs writes
// (C2PA 2.1 §A.3.1, JPEG). The JPEG counterpart of png-manifest-chunk.ts: when a copy is the signed file minus
// those segments (a metadata stripper that does not re-encode), re-inserting them where the data-hash assertion
// excludes restores the signed bytes exactly, and the hard binding verifies for real.

/** Store bytes per segment, as c2pa-rs splits them (its jpeg_io MAX_JPEG_MARKER_SIZE). */
const STORE_BYTES_PER_SEGMENT = 64_000;
/** JPEG XT common identifier "JP" and the box instance number c2pa-rs uses. */
const CI_AND_EN = [0x4a, 0x50, 0x02, 0x11];

/** Offsets where marker segments before the scan start (after SOI), plus the start of the scan (SOS). */
function segmentBoundaries(jpeg: Uint8Array): Set<number> {
  const boundaries = new Set<number>();
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    boundaries.add(at);
    if (jpeg[at + 1] === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + (((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number));
  }
  return boundaries;
}

/** The APP11 segments holding `store`, byte for byte as c2pa-rs writes them. */
export function manifestSegments(store: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let seq = 0, from = 0; from < store.length; seq++, from += STORE_BYTES_PER_SEGMENT) {
    const chunk = store.subarray(from, from + STORE_BYTES_PER_SEGMENT);
    // Every segment after the first repeats the JUMBF box's LBox and TBox (ISO 19566-5 §B.2).
    const repeated = seq > 0 ? store.subarray(0, 8) : new Uint8Array(0);
    const contents = 8 + repeated.length + chunk.length; // CI, En, Z, then the data
    const segment = new Uint8Array(4 + contents);
    const view = new DataView(segment.buffer);
    segment.set([0xff, 0xeb], 0);
    view.setUint16(2, contents + 2); // the length field counts itself
    segment.set(CI_AND_EN, 4);
    view.setUint32(8, seq + 1); // packet sequence number, from 1
    segment.set(repeated, 12);
    segment.set(chunk, 12 + repeated.length);
    parts.push(segment);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The JPEG with `store`'s APP11 segments inserted at byte `offset`, or undefined when `offset` is not between
 * two marker segments before the scan (then it cannot be the signed file minus its manifest). */
export function insertManifestSegments(jpeg: Uint8Array, store: Uint8Array, offset: number): Uint8Array | undefined {
  if (!segmentBoundaries(jpeg).has(offset)) return undefined;
  const segments = manifestSegments(store);
  const out = new Uint8Array(jpeg.length + segments.length);
  out.set(jpeg.subarray(0, offset), 0);
  out.set(segments, offset);
  out.set(jpeg.subarray(offset), offset + segments.length);
  return out;
}
