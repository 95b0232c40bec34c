// Signed outputs read back with the C2PA reference reader (c2pa-rs in wasm, the same one the conformance
// program uses): where the claim files each assertion, and the labels and shapes C2PA 2.x expects.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadC2pa } from "./c2pa-runtime.js";
import { readerSettings } from "./c2pa-settings.js";
import { signImage } from "./c2pa-sign.js";
import type { ProvenanceSpec } from "./manifest-spec.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";

const photos = fileURLToPath(new URL("../../../tests/fixtures/photos/", import.meta.url));
let dir: string;
let identity: SigningIdentity;
let photo: Uint8Array;

const record = {
  engine: "esrgan-fast",
  modelId: null,
  modelHash: null,
  seed: null,
  parameters: {},
  brandKit: null,
  promptHash: null,
  safety: [],
  commercialRights: true,
};
const generated: ProvenanceSpec = {
  action: "created",
  jobKind: "generate",
  title: "generated.png",
  format: "image/png",
  claimGenerator: { name: "Easel", version: "0.1.0" },
  generatedPixels: true,
  easel: record,
};

interface ClaimV2 {
  created_assertions: { url: string }[];
  gathered_assertions?: { url: string }[];
}
interface CrManifest {
  label: string;
  assertions: Record<string, unknown>;
  "claim.v2": ClaimV2;
}

/** The active manifest as crJSON (claim included), read by c2pa-rs. */
async function readBack(bytes: Uint8Array): Promise<CrManifest> {
  const c2pa = await loadC2pa();
  const reader = await c2pa.WasmReader.fromBytes("image/png", bytes, readerSettings([]));
  try {
    const active = reader.activeLabel();
    const manifests = (JSON.parse(reader.crJson()) as { manifests: CrManifest[] }).manifests;
    return manifests.find((m) => m.label === active) as CrManifest;
  } finally {
    reader.free();
  }
}

const labelsOf = (refs: { url: string }[] | undefined) => (refs ?? []).map((r) => r.url.split("/").at(-1));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-c2pa-conformance-"));
  identity = await loadSigningIdentity({ dir });
  photo = new Uint8Array(await sharp(join(photos, "cat-chelsea.png")).resize(96).png().toBuffer());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("C2PA 2.x conformance of signed outputs", () => {
  it("lists the actions assertion among the claim's created assertions (inception and edits alike)", async () => {
    const parent = await signImage(photo, generated, identity);
    const edited: ProvenanceSpec = {
      ...generated,
      action: "edited",
      jobKind: "upscale",
      title: "upscaled.png",
      generatedPixels: false,
      parent: { bytes: parent.bytes, format: "image/png", title: "generated.png" },
    };
    const child = await signImage(photo, edited, identity);
    for (const signed of [parent, child]) {
      const claim = (await readBack(signed.bytes))["claim.v2"];
      expect(labelsOf(claim.created_assertions)).toContain("c2pa.actions.v2");
      expect(labelsOf(claim.gathered_assertions)).not.toContain("c2pa.actions.v2");
    }
  });

  it("states do-not-train/mine with the CAWG training-and-data-mining assertion, not the deprecated C2PA one", async () => {
    const manifest = await readBack((await signImage(photo, generated, identity)).bytes);
    expect(Object.keys(manifest.assertions)).not.toContain("c2pa.training-mining");
    expect(manifest.assertions["cawg.training-mining"]).toEqual({
      entries: {
        "cawg.ai_generative_training": { use: "notAllowed" },
        "cawg.ai_inference": { use: "notAllowed" },
        "cawg.ai_training": { use: "notAllowed" },
        "cawg.data_mining": { use: "notAllowed" },
      },
    });
  });
});
