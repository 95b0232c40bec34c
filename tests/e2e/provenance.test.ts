import { webcrypto } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConsistencyProof,
  checkConsistencyProof,
  checkInclusionProof,
  EaselClient,
  fromBase64,
  SignedTreeHead,
  TransparencyKey,
  transparencyKeyMessage,
  type VerificationResult,
  verifyTreeHeadSignature,
} from "@easel/shared";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSigningIdentity } from "../../server/src/provenance/signing-identity.js";
import { sampleImage, signSample } from "../../server/src/provenance/testing/format-samples.js";
import { VERIFIABLE_FORMATS } from "../../server/src/provenance/verify-format.js";
import { ES256, x509 } from "../../server/src/provenance/x509.js";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";
import { readPhoto } from "../support/images.js";
import { sharedEasel } from "../support/shared-easel.js";

type Manifest = {
  actions: { action: string; digitalSourceType?: string }[];
  ingredients: { relationship: string; title: string }[];
  easel?: Record<string, unknown>;
  claimGenerator: string;
};

async function verify(url: string, bytes: Uint8Array): Promise<VerificationResult> {
  const res = await call(`${url}/v1/provenance/verify`, { method: "POST", body: bytes });
  expect(res.status).toBe(200);
  return res.body as VerificationResult;
}

/** Flips one byte inside the first IDAT chunk's compressed data (the image data the manifest hashes). */
function flipPixelByte(png: Uint8Array): Uint8Array {
  const out = new Uint8Array(png);
  const at = Buffer.from(out).indexOf("IDAT");
  out[at + 40] = (out[at + 40] as number) ^ 0x01;
  return out;
}

describe("provenance: C2PA on every output, verification, transparency log", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;
  let upscaled: Uint8Array;
  let manifestId: string;

  beforeAll(async () => {
    easel = await sharedEasel();
    key = await easel.createKey("provenance-studio", "ana");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const image = await client.uploadAsset(
      await sharp(readPhoto("cat-chelsea.png")).resize(128).png().toBuffer(),
      "image/png",
    );
    const job = await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "fast", scale: 2 } })).id,
    );
    const layer = job.layers[0];
    manifestId = layer?.manifestId as string;
    expect(manifestId).toMatch(/^urn:c2pa:/);
    expect(layer?.manifestUrl).toBe(`/v1/provenance/manifests/${encodeURIComponent(manifestId)}`);
    upscaled = await client.downloadAsset(layer?.assetId as string);
  });

  it("signs an edit: trusted under Easel's CA, opened from its parent, with the Easel assertion", async () => {
    const result = await verify(easel.url, upscaled);
    expect(result).toMatchObject({ state: "trusted", match: "embedded", failures: [] });
    const manifest = result.manifest as Manifest;
    expect(manifest.claimGenerator).toMatch(/Easel/);
    expect(manifest.actions.map((a) => a.action)).toContain("c2pa.opened");
    expect(manifest.ingredients.some((i) => i.relationship === "parentOf")).toBe(true);
    expect(manifest.easel).toMatchObject({ engine: "esrgan-fast", commercialRights: true });
    expect(JSON.stringify(manifest.actions)).toContain("compositeWithTrainedAlgorithmicMedia"); // ESRGAN is a trained model
  });

  it("reports a flipped pixel byte as tampered with the data-hash failure", async () => {
    const result = await verify(easel.url, flipPixelByte(upscaled));
    expect(result.state).toBe("invalid");
    expect(result.failures.map((f) => f.code).join(" ")).toMatch(/dataHash\.mismatch/);
  });

  it("reports a stripped, re-encoded copy as matched by pixels to its stored manifest, never as trusted", async () => {
    const stripped = await sharp(upscaled).png({ compressionLevel: 9 }).toBuffer(); // sharp drops the caBX chunk
    expect(Buffer.from(stripped).includes("caBX")).toBe(false);
    const result = await verify(easel.url, stripped);
    expect(result).toMatchObject({ state: "matched", match: "pixels", failures: [], validationResults: null });
    expect(result.storedManifest).toMatchObject({ state: "trusted", failures: [] });
    expect(result.summary).toMatch(/no Content Credentials bind to these bytes/);
    expect(result.log?.manifestId).toBe(manifestId);
  });

  it("answers with standard C2PA codes, keeping informational codes and the full validation results", async () => {
    const result = await verify(easel.url, upscaled);
    expect(result.informational.map((c) => c.code)).toContain("signingCredential.ocsp.skipped");
    expect(result.validationResults?.activeManifest.success.map((c) => c.code)).toContain("signingCredential.trusted");
    expect(result.validationResults?.activeManifest.failure).toEqual([]);
    expect(Array.isArray(result.validationResults?.ingredientDeltas)).toBe(true);

    // A file that points to a remote manifest (not fetched: the verifier stays offline).
    const identity = await loadSigningIdentity({ dir: join(easel.dataDir, "provenance") });
    const remote = await signSample(await sampleImage("image/png"), "image/png", identity, {
      remoteUrl: "https://manifests.example/m.c2pa",
    });
    const inaccessible = await verify(easel.url, remote);
    expect(inaccessible.state).toBe("invalid");
    expect(inaccessible.failures.map((f) => f.code)).toEqual(["manifest.inaccessible"]);
  });

  it("reads manifests in every format the C2PA reader supports, and refuses every other format with 415", async () => {
    const identity = await loadSigningIdentity({ dir: join(easel.dataDir, "provenance") });
    for (const format of VERIFIABLE_FORMATS) {
      const plain = await sampleImage(format);
      expect(await verify(easel.url, plain), format).toMatchObject({ state: "absent", match: "none" });
      const signed = await verify(easel.url, await signSample(plain, format, identity));
      expect(signed, format).toMatchObject({ state: "trusted", match: "embedded", failures: [] });
    }
    const bmp = Uint8Array.from([0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0]);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    const jxl = Uint8Array.from([0xff, 0x0a, 0xfa, 0x7f]);
    for (const body of [bmp, svg, jxl, new TextEncoder().encode("not an image")]) {
      const res = await call(`${easel.url}/v1/provenance/verify`, { method: "POST", body });
      expectProblem(res, 415, "body");
      expect((res.body as { detail: string }).detail).toMatch(/image\/gif, image\/tiff, image\/avif, image\/heic/);
    }
  });

  it("proves the manifest is in the append-only log, verifiable offline", async () => {
    const result = await verify(easel.url, upscaled);
    const log = result.log;
    if (!log) throw new Error("the manifest is not in the log");
    const head = SignedTreeHead.parse(log.treeHead);
    expect(await verifyTreeHeadSignature(head)).toBe(true);
    // Heads are signed by the log's own published key, not by the C2PA signing certificate's key.
    const logKey = TransparencyKey.parse((await call(`${easel.url}/v1/transparency/key`)).body);
    expect(await verifyTreeHeadSignature(head, fromBase64(logKey.publicKey))).toBe(true);
    expect(head.keyId).toBe(logKey.keyId);
    const c2paLeaf = new x509.X509Certificate(fromBase64(logKey.endorsement.certificates[0] as string));
    expect(fromBase64(logKey.publicKey)).not.toEqual(new Uint8Array(c2paLeaf.publicKey.rawData));
    const endorsementKey = await c2paLeaf.publicKey.export(ES256, ["verify"]);
    const endorsed = await webcrypto.subtle.verify(
      ES256,
      endorsementKey as unknown as webcrypto.CryptoKey,
      fromBase64(logKey.endorsement.signature),
      transparencyKeyMessage(logKey.origin, fromBase64(logKey.publicKey)),
    );
    expect(endorsed).toBe(true);
    expect(await checkInclusionProof(log.inclusion, head.rootHash)).toBe(true);
    const tampered = { ...log.inclusion, leafIndex: log.inclusion.leafIndex + 1 };
    expect(await checkInclusionProof(tampered, head.rootHash)).toBe(false);

    // More outputs grow the log; the new head is consistent with the old one.
    const image = await client.uploadAsset(
      await sharp(readPhoto("coffee-cup.png")).resize(96).png().toBuffer(),
      "image/png",
    );
    await client.waitForJob(
      (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
    );
    const later = SignedTreeHead.parse((await call(`${easel.url}/v1/transparency/tree-head`)).body);
    expect(later.treeSize).toBeGreaterThan(head.treeSize);
    const proof = ConsistencyProof.parse(
      (await call(`${easel.url}/v1/transparency/consistency?first=${head.treeSize}&second=${later.treeSize}`)).body,
    );
    expect(await checkConsistencyProof(proof, head.rootHash, later.rootHash)).toBe(true);
    expect(await checkConsistencyProof(proof, later.rootHash, head.rootHash)).toBe(false);
  });

  it("lists the parent of an inpaint output as its ingredient", async () => {
    const photo = await sharp(readPhoto("paint-brushes.png")).resize(160).png().toBuffer();
    const meta = await sharp(photo).metadata();
    const mask = await sharp({
      create: { width: meta.width as number, height: meta.height as number, channels: 3, background: "#000" },
    })
      .composite([{ input: { create: { width: 20, height: 20, channels: 3, background: "#fff" } }, left: 60, top: 40 }])
      .png()
      .toBuffer();
    const image = await client.uploadAsset(photo, "image/png");
    const maskAsset = await client.uploadAsset(mask, "image/png");
    const job = await client.waitForJob(
      (await client.createJob({ kind: "inpaint", image: image.id, mask: maskAsset.id })).id,
    );
    const result = await verify(easel.url, await client.downloadAsset(job.layers[0]?.assetId as string));
    expect(result.state).toBe("trusted");
    const manifest = result.manifest as Manifest;
    expect(manifest.ingredients.filter((i) => i.relationship === "parentOf")).toHaveLength(1);
    // The local fill is classical (no trained model): no AI source type is claimed.
    expect(JSON.stringify(manifest.actions)).not.toContain("trainedAlgorithmicMedia");
  });

  it("answers an image without credentials as absent, and hides other orgs' stored manifests", async () => {
    const plain = await verify(easel.url, readPhoto("forest-stream.png"));
    expect(plain).toMatchObject({ state: "absent", match: "none", log: null });
    const mine = await call(`${easel.url}/v1/provenance/manifests/${encodeURIComponent(manifestId)}`, { key });
    expect((mine.body as VerificationResult).state).toBe("trusted");
    const rival = await easel.createKey("provenance-rival", "bob");
    expectProblem(
      await call(`${easel.url}/v1/provenance/manifests/${encodeURIComponent(manifestId)}`, { key: rival }),
      404,
    );
    expectProblem(
      await call(`${easel.url}/v1/provenance/verify`, { method: "POST", body: "not an image" }),
      415,
      "body",
    );
  });
});

describe("production signing certificates", () => {
  it("refuses to start with a certificate that lacks the C2PA extended key usage, naming the file", async () => {
    const { createTestCa } = await import("../../server/src/provenance/test-pki.js");
    const dir = mkdtempSync(join(tmpdir(), "easel-pki-"));
    const ca = await createTestCa("Startup Test Root");
    const bad = await ca.issue(dir, "tls-only", { ekus: ["1.3.6.1.5.5.7.3.1"] });
    await expect(startEasel({ EASEL_SIGNING_CERT: bad.chainPath, EASEL_SIGNING_KEY: bad.keyPath })).rejects.toThrow(
      new RegExp(
        `signing certificate ${bad.chainPath.replaceAll(".", "\\.")} lacks the extended key usage C2PA requires`,
      ),
    );
    // A proper chain starts, and its outputs verify as valid (signed by a root this server was not told to trust).
    const good = await ca.issue(dir, "signer", { ekus: ["1.3.6.1.5.5.7.3.36"] });
    const easel = await startEasel({ EASEL_SIGNING_CERT: good.chainPath, EASEL_SIGNING_KEY: good.keyPath });
    try {
      const client = new EaselClient({ baseUrl: easel.url, apiKey: await easel.createKey("studio", "ana") });
      const image = await client.uploadAsset(
        await sharp(readPhoto("coffee-cup.png")).resize(64).png().toBuffer(),
        "image/png",
      );
      const job = await client.waitForJob(
        (await client.createJob({ kind: "upscale", image: image.id, params: { tier: "instant" } })).id,
      );
      const result = await verify(easel.url, await client.downloadAsset(job.layers[0]?.assetId as string));
      expect(["trusted", "valid"]).toContain(result.state);
      expect(JSON.stringify(result.manifest)).toContain("Startup Test Root");
    } finally {
      await easel.stop();
    }
  });
});

/** Removes every segment with the given APPn marker from a JPEG, leaving the image data untouched. */
function dropJpegSegments(jpeg: Uint8Array, marker: number): Uint8Array {
  const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
  let at = 2;
  while (at < jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);
    if (jpeg[at + 1] !== marker) parts.push(jpeg.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  parts.push(jpeg.subarray(at)); // start of scan onwards
  return Buffer.concat(parts);
}

describe("JPEG outputs", () => {
  it("delivers a JPEG on request with its Content Credentials embedded (APP11) and verifiable", async () => {
    const easel = await sharedEasel();
    const client = new EaselClient({
      baseUrl: easel.url,
      apiKey: await easel.createKey("provenance-studio", "ana"),
    });
    const image = await client.uploadAsset(
      await sharp(readPhoto("fig-in-red-bowl.png")).resize(128).png().toBuffer(),
      "image/png",
    );
    const job = await client.waitForJob(
      (
        await client.createJob({
          kind: "upscale",
          image: image.id,
          output: { format: "jpeg", quality: 85 },
          params: { tier: "instant" },
        })
      ).id,
    );
    const bytes = await client.downloadAsset(job.layers[0]?.assetId as string);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    expect((await client.getAsset(job.layers[0]?.assetId as string)).format).toBe("jpeg");
    const result = await verify(easel.url, bytes);
    expect(result).toMatchObject({ state: "trusted", match: "embedded" });
    // A metadata stripper drops the APP11 (C2PA) segments without re-encoding: the stored manifest is found by pixels.
    const stripped = dropJpegSegments(bytes, 0xeb);
    expect(Buffer.from(stripped).includes("c2pa")).toBe(false);
    const again = await verify(easel.url, stripped);
    expect(again.match).toBe("pixels");
    expect(again.state).toBe("trusted");
  });
});
