// Verification reports C2PA's standard validation status codes (C2PA 2.1 §15.2.1) for each way a manifest can fail,
// keeps the informational codes and the full validationResults, and never invents a code of its own.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyImage } from "./c2pa-verify.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";
import { sampleImage, signSample } from "./testing/format-samples.js";

let dir: string;
let identity: SigningIdentity;
let anchors: string[];
let png: Uint8Array;

const codes = (list: { code: string }[]) => list.map((c) => c.code);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-codes-"));
  identity = await loadSigningIdentity({ dir });
  anchors = [identity.trustAnchorPem as string];
  png = await sampleImage("image/png");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("verification status codes", () => {
  it("reports a remote manifest it does not fetch as manifest.inaccessible", async () => {
    const signed = await signSample(png, "image/png", identity, { remoteUrl: "https://manifests.example/m.c2pa" });
    const report = await verifyImage(signed, { trustAnchorsPem: anchors });
    expect(report.state).toBe("invalid");
    expect(codes(report.failures)).toEqual(["manifest.inaccessible"]);
    expect(report.failures[0]?.explanation).toContain("https://manifests.example/m.c2pa");
    expect(report.failures[0]?.meaning).toMatch(/remote manifest/);
    expect(codes(report.failures)).not.toContain("manifest.unreadable");
  });

  it("reports a signature under an algorithm no validator supports as algorithm.unsupported", async () => {
    const signed = await signSample(png, "image/png", identity, { coseAlg: -65535 });
    const report = await verifyImage(signed, { trustAnchorsPem: anchors });
    expect(report.state).toBe("invalid");
    expect(codes(report.failures)).toContain("algorithm.unsupported");
  });

  it("reports a changed claim as claimSignature.mismatch and changed pixels as assertion.dataHash.mismatch", async () => {
    const signed = await signSample(png, "image/png", identity);
    const claimEdited = Buffer.from(signed);
    const title = claimEdited.indexOf("sample.png"); // dc:title, inside the signed claim
    claimEdited.write("sample.pnx", title, "latin1");
    const claimReport = await verifyImage(new Uint8Array(claimEdited), { trustAnchorsPem: anchors });
    expect(codes(claimReport.failures)).toContain("claimSignature.mismatch");

    const pixelsEdited = Buffer.from(signed);
    const idat = pixelsEdited.indexOf("IDAT");
    pixelsEdited[idat + 6] = (pixelsEdited[idat + 6] ?? 0) ^ 0x01;
    const pixelReport = await verifyImage(new Uint8Array(pixelsEdited), { trustAnchorsPem: anchors });
    expect(codes(pixelReport.failures)).toContain("assertion.dataHash.mismatch");
  });

  it("keeps success and informational codes in validationResults, and reports an unknown signer as untrusted", async () => {
    const signed = await signSample(png, "image/png", identity);
    const trusted = await verifyImage(signed, { trustAnchorsPem: anchors });
    expect(trusted.state).toBe("trusted");
    const active = trusted.validationResults.activeManifest;
    expect(codes(active.success)).toEqual(
      expect.arrayContaining(["signingCredential.trusted", "claimSignature.validated", "assertion.dataHash.match"]),
    );
    expect(codes(active.informational)).toContain("signingCredential.ocsp.skipped");
    expect(trusted.informational).toEqual(active.informational);
    expect(active.failure).toEqual([]);
    expect(trusted.validationResults.ingredientDeltas).toEqual([]);

    const untrusted = await verifyImage(signed, { trustAnchorsPem: [] });
    expect(untrusted.state).toBe("valid");
    expect(codes(untrusted.validationResults.activeManifest.failure)).toEqual(["signingCredential.untrusted"]);
  });
});

describe("ingredient failures", () => {
  it("keeps an ingredient's failure (its manifest changed inside the edit's store) in ingredientDeltas and failures", async () => {
    const { signImage } = await import("./c2pa-sign.js");
    const record = {
      engine: "parent-engine-marker",
      modelId: null,
      modelHash: null,
      seed: 1,
      parameters: {},
      brandKit: null,
      promptHash: null,
      safety: [],
      commercialRights: false,
    };
    const base = {
      title: "parent.png",
      format: "image/png" as const,
      claimGenerator: { name: "Easel" as const, version: "0.1.0" },
      generatedPixels: false,
    };
    const parent = await signImage(png, { ...base, action: "created", jobKind: "generate", easel: record }, identity);
    const child = await signImage(
      png,
      {
        ...base,
        title: "child.png",
        action: "edited",
        jobKind: "upscale",
        parent: { bytes: parent.bytes, format: "image/png", title: "parent.png" },
        easel: { ...record, engine: "child-engine" },
      },
      identity,
    );
    const tampered = Buffer.from(child.bytes);
    const at = tampered.indexOf("parent-engine-marker"); // inside the parent's manifest, carried in the child's store
    expect(at).toBeGreaterThan(0);
    tampered.write("parent-engine-markex", at, "latin1");
    const report = await verifyImage(new Uint8Array(tampered), { trustAnchorsPem: anchors });
    expect(report.state).toBe("invalid");
    const deltas = report.validationResults.ingredientDeltas;
    // The edit's own manifest is intact; what changed is the parent's manifest it carries.
    expect(report.validationResults.activeManifest.failure).toEqual([]);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.ingredientAssertionURI).toMatch(/c2pa\.ingredient/);
    const deltaFailures = deltas.flatMap((d) => d.validationDeltas.failure);
    expect(codes(deltaFailures)).toContain("ingredient.manifest.mismatch");
    for (const failure of deltaFailures) expect(report.failures).toContainEqual(failure);
  });
});
