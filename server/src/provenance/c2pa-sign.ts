// Signs one output: builds the manifest from a ProvenanceSpec, adds the ingredients (a signed parent brings
// its own manifest store along), signs the claim with the service's identity and embeds the store in the image
// (PNG `caBX` chunk, JPEG APP11 segments), all through c2pa-rs in wasm.
import { createHash } from "node:crypto";
import type { WasmBuilder } from "@contentauth/c2pa-wasm";
import { BytesBlob, loadC2pa } from "./c2pa-runtime.js";
import { builderSettings } from "./c2pa-settings.js";
import { coseSignerFor } from "./cose-signer.js";
import { sniffImageFormat, sniffIngredientFormat } from "./image-format.js";
import { manifestLabels } from "./jumbf.js";
import { buildManifest } from "./manifest-builder.js";
import type { ProvenanceSpec } from "./manifest-spec.js";
import { ProvenanceError } from "./provenance-error.js";
import type { SigningIdentity } from "./signing-identity.js";

/** A signed image and what to store about its manifest. */
export interface SignedImage {
  /** The image with the manifest store embedded. */
  bytes: Uint8Array;
  /** The manifest store alone (JUMBF, `application/c2pa`): keep it to verify copies whose metadata was stripped. */
  manifestStore: Uint8Array;
  /** URN of the new (active) manifest, e.g. `urn:c2pa:…`. */
  manifestLabel: string;
  /** SHA-256 (hex) of `manifestStore`: the transparency log's leaf. */
  manifestHash: string;
}

/** Options of signImage. */
export interface SignImageOptions {
  /** Embed a claim thumbnail (off by default: it costs time and the image itself is at hand). */
  thumbnail?: boolean;
}

function checkFormat(
  bytes: Uint8Array,
  expected: string,
  what: string,
  sniff: (bytes: Uint8Array) => string | undefined = sniffImageFormat,
): void {
  const actual = sniff(bytes);
  if (actual !== expected) {
    throw new ProvenanceError(`${what} is declared ${expected} but its bytes are ${actual ?? "not PNG or JPEG"}`);
  }
}

/** Signs `bytes` (a PNG or JPEG as `spec.format` says) with a C2PA manifest built from `spec`. */
export async function signImage(
  bytes: Uint8Array,
  spec: ProvenanceSpec,
  identity: SigningIdentity,
  options: SignImageOptions = {},
): Promise<SignedImage> {
  checkFormat(bytes, spec.format, "the image to sign");
  const plan = buildManifest(spec);
  for (const ingredient of plan.ingredients) {
    checkFormat(
      ingredient.bytes,
      ingredient.format,
      `ingredient "${ingredient.definition.title}"`,
      sniffIngredientFormat,
    );
  }

  const c2pa = await loadC2pa();
  // The signer's own anchor, so a parent Easel signed earlier is recorded as trusted in the ingredient.
  const anchors = identity.trustAnchorPem ? [identity.trustAnchorPem] : [];
  let builder: WasmBuilder | undefined;
  try {
    builder = c2pa.WasmBuilder.fromJson(
      JSON.stringify(plan.definition),
      builderSettings({ ...options, trustAnchorsPem: anchors }),
    );
    for (const ingredient of plan.ingredients) {
      const blob = new BytesBlob(ingredient.bytes, ingredient.format).asBlob();
      await builder.addIngredientFromBlob(JSON.stringify(ingredient.definition), ingredient.format, blob);
    }
    // The bindings type the callback over ArrayBuffer-backed arrays; every array cose-signer returns is one.
    const signer = coseSignerFor(identity) as unknown as Parameters<typeof builder.signAndGetManifestBytes>[0];
    const source = new BytesBlob(bytes, spec.format).asBlob();
    const result = (await builder.signAndGetManifestBytes(signer, [], spec.format, source)) as {
      asset: Uint8Array;
      manifest: Uint8Array;
    };
    const manifestStore = new Uint8Array(result.manifest);
    const label = manifestLabels(manifestStore).at(-1);
    if (!label) throw new ProvenanceError("c2pa produced a manifest store without a manifest");
    return {
      bytes: new Uint8Array(result.asset),
      manifestStore,
      manifestLabel: label,
      manifestHash: createHash("sha256").update(manifestStore).digest("hex"),
    };
  } catch (error) {
    if (error instanceof ProvenanceError) throw error;
    throw new ProvenanceError(`C2PA signing failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    builder?.free();
  }
}
