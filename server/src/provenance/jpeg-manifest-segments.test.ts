import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signImage } from "./c2pa-sign.js";
import { verifyImage } from "./c2pa-verify.js";
import { manifestSegments } from "./jpeg-manifest-segments.js";
import type { ProvenanceSpec } from "./manifest-spec.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";

let dir: string;
let identity: SigningIdentity;
let jpeg: Uint8Array;

const spec = (parameters: Record<string, unknown>): ProvenanceSpec => ({
  action: "created",
  jobKind: "generate",
  title: "out.jpg",
  format: "image/jpeg",
  claimGenerator: { name: "Easel", version: "0.1.0" },
  generatedPixels: true,
  easel: {
    engine: "sd-turbo",
    modelId: null,
    modelHash: null,
    seed: 3,
    parameters,
    brandKit: null,
    promptHash: null,
    safety: [],
    commercialRights: true,
  },
});

/** [start, end) of the APP11 segments before the scan, and the file without them. */
function splitApp11(bytes: Uint8Array): { app11: Uint8Array; rest: Uint8Array } {
  const keep: Uint8Array[] = [bytes.subarray(0, 2)];
  const app11: Uint8Array[] = [];
  let at = 2;
  while (bytes[at] === 0xff && bytes[at + 1] !== 0xda) {
    const end = at + 2 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
    (bytes[at + 1] === 0xeb ? app11 : keep).push(bytes.subarray(at, end));
    at = end;
  }
  keep.push(bytes.subarray(at));
  return { app11: new Uint8Array(Buffer.concat(app11)), rest: new Uint8Array(Buffer.concat(keep)) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-jpeg-seg-"));
  identity = await loadSigningIdentity({ dir });
  jpeg = new Uint8Array(
    await sharp({ create: { width: 64, height: 48, channels: 3, background: "#4a8" } })
      .jpeg()
      .toBuffer(),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("JPEG manifest segments", () => {
  for (const [name, parameters] of [
    ["one segment", {}],
    ["several segments (a store over 64 000 bytes)", { notes: "x".repeat(150_000) }],
  ] as const) {
    it(`rebuilds c2pa-rs's APP11 segments byte for byte and rebinds a stripped copy: ${name}`, async () => {
      const signed = await signImage(jpeg, spec(parameters), identity);
      const { app11, rest } = splitApp11(signed.bytes);
      expect(manifestSegments(signed.manifestStore)).toEqual(app11);

      const report = await verifyImage(rest, {
        trustAnchorsPem: [identity.trustAnchorPem as string],
        manifestStore: signed.manifestStore,
      });
      expect(report).toMatchObject({ state: "trusted", source: "sidecar", failures: [] });
    });
  }
});
