import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signImage } from "./c2pa-sign.js";
import { verifyImage } from "./c2pa-verify.js";
import type { ProvenanceSpec } from "./manifest-spec.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";
import { createTestCa } from "./test-pki.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const photos = fileURLToPath(new URL("../../../tests/fixtures/photos/", import.meta.url));
let dir: string;
let easelIdentity: SigningIdentity;
let easelAnchor: string;
let thirdPartyRoot: string;

const spec: ProvenanceSpec = {
  action: "created",
  jobKind: "generate",
  title: "partner.png",
  format: "image/png",
  claimGenerator: { name: "Easel", version: "0.1.0" },
  generatedPixels: true,
  easel: {
    engine: "sd-turbo",
    modelId: "sd-turbo",
    modelHash: null,
    seed: 7,
    parameters: {},
    brandKit: null,
    promptHash: "00",
    safety: [],
    commercialRights: false,
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-verify-"));
  easelIdentity = await loadSigningIdentity({ dir });
  easelAnchor = easelIdentity.trustAnchorPem as string;
  thirdPartyRoot = await readFile(join(fixtures, "c2pa-ts-root.pem"), "utf8");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("verifyImage on images other tools signed", () => {
  for (const file of ["c2pa-ts-cup.png", "c2pa-ts-dandelions.jpg"]) {
    it(`reads ${file}, signed by c2pa-ts (claim v1): trusted under its root, valid but untrusted under Easel's`, async () => {
      const bytes = new Uint8Array(await readFile(join(fixtures, file)));
      const trusted = await verifyImage(bytes, { trustAnchorsPem: [easelAnchor, thirdPartyRoot] });
      expect(trusted.state).toBe("trusted");
      expect(trusted.activeManifest).toMatchObject({
        claimGenerator: "c2pa-ts 0.9.4-8cb790f",
        signer: { commonName: "c2pa-ts Fixture Signer", issuer: "c2pa-ts Fixture Root" },
        actions: [
          {
            action: "c2pa.created",
            digitalSourceType: "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
          },
        ],
      });
      expect(trusted.activeManifest?.easel).toBeUndefined();

      const untrusted = await verifyImage(bytes, { trustAnchorsPem: [easelAnchor] });
      expect(untrusted.state).toBe("valid");
      expect(untrusted.failures.map((f) => f.code)).toEqual(["signingCredential.untrusted"]);
      expect(untrusted.summary).toMatch(/does not chain to a trusted root/);
    });
  }

  it("detects a pixel change in the other tool's JPEG", async () => {
    const bytes = new Uint8Array(await readFile(join(fixtures, "c2pa-ts-dandelions.jpg")));
    const tampered = bytes.slice();
    const at = tampered.length - 200; // entropy-coded scan data, near the end of the file
    tampered[at] = (tampered[at] ?? 0) ^ 0x10;
    const report = await verifyImage(tampered, { trustAnchorsPem: [thirdPartyRoot] });
    expect(report.state).toBe("invalid");
    expect(report.failures.map((f) => f.code)).toContain("assertion.dataHash.mismatch");
  });
});

describe("verifyImage trust decisions", () => {
  it("finds an image signed by another CA (documentSigning EKU) valid but not trusted, until that CA is an anchor", async () => {
    const partner = await createTestCa("Partner Root");
    const { chainPath, keyPath } = await partner.issue(dir, "partner", { ekus: ["1.3.6.1.5.5.7.3.36"] });
    const partnerIdentity = await loadSigningIdentity({ dir, certChainPemPath: chainPath, privateKeyPemPath: keyPath });
    const photo = new Uint8Array(await sharp(join(photos, "fig-in-red-bowl.png")).png().toBuffer());
    const signed = await signImage(photo, spec, partnerIdentity);

    const ours = await verifyImage(signed.bytes, { trustAnchorsPem: [easelAnchor] });
    expect(ours.state).toBe("valid");
    expect(ours.failures).toEqual([
      expect.objectContaining({ code: "signingCredential.untrusted", meaning: expect.stringMatching(/trust anchor/) }),
    ]);
    expect(ours.activeManifest?.signer.commonName).toBe("Partner Root signer");

    const theirs = await verifyImage(signed.bytes, { trustAnchorsPem: [easelAnchor, partner.certificatePem] });
    expect(theirs.state).toBe("trusted");
  });

  it("reports absent for an image without Content Credentials and for bytes that are no image", async () => {
    const plain = new Uint8Array(await sharp(join(photos, "paint-brushes.png")).png().toBuffer());
    expect(await verifyImage(plain, { trustAnchorsPem: [easelAnchor] })).toMatchObject({
      state: "absent",
      source: "none",
    });
    const text = new TextEncoder().encode("not an image at all");
    const report = await verifyImage(text, { trustAnchorsPem: [easelAnchor] });
    expect(report).toMatchObject({ state: "absent", source: "none" });
    expect(report.summary).toMatch(/Not an image format whose Content Credentials this service reads/);
  });

  it("reports invalid, not absent, when the embedded manifest store is damaged, with a standard code", async () => {
    const photo = new Uint8Array(await sharp(join(photos, "fig-in-red-bowl.png")).png().toBuffer());
    const signed = await signImage(photo, spec, easelIdentity);
    const damaged = signed.bytes.slice();
    // Inside the caBX chunk (right after IHDR): overwrite part of the JUMBF, past the store's box headers.
    damaged.fill(0x41, 33 + 8 + 400, 33 + 8 + 460);
    const report = await verifyImage(damaged, { trustAnchorsPem: [easelAnchor] });
    expect(report.state).toBe("invalid");
    expect(report.failures).toEqual([
      expect.objectContaining({ code: "claim.malformed", explanation: expect.stringMatching(/JumbfParseError/) }),
    ]);
    expect(report.validationResults.activeManifest.failure).toEqual(report.failures);
  });
});
