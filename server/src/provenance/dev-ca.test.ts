import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signImage } from "./c2pa-sign.js";
import { verifyImage } from "./c2pa-verify.js";
import { createDevIdentity, DEV_ORGANIZATION } from "./dev-ca.js";
import { loadSigningIdentity } from "./signing-identity.js";
import { parsePemCertificates } from "./x509.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-dev-ca-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("development identity", () => {
  it("keeps the comma inside the certificates' organization instead of cutting the name there", async () => {
    const pems = await createDevIdentity("Easel, Test");
    const [leaf, ca] = parsePemCertificates(pems.signingChain);
    expect(DEV_ORGANIZATION).toContain(",");
    for (const cert of [leaf, ca]) {
      expect(cert?.subjectName.getField("O")).toEqual([DEV_ORGANIZATION]);
      expect(cert?.subjectName.getField("CN")?.[0]).toMatch(/^Easel, Test /);
    }
    expect(leaf?.issuerName.getField("O")).toEqual([DEV_ORGANIZATION]);
  });

  it("shows the whole organization as the signer of a manifest, as C2PA readers see it", async () => {
    const identity = await loadSigningIdentity({ dir });
    const png = new Uint8Array(
      await sharp({ create: { width: 16, height: 16, channels: 3, background: "#123" } })
        .png()
        .toBuffer(),
    );
    const signed = await signImage(
      png,
      {
        action: "created",
        jobKind: "generate",
        title: "dn.png",
        format: "image/png",
        claimGenerator: { name: "Easel", version: "0.1.0" },
        generatedPixels: true,
        easel: {
          engine: "sd-turbo",
          modelId: null,
          modelHash: null,
          seed: 1,
          parameters: {},
          brandKit: null,
          promptHash: null,
          safety: [],
          commercialRights: false,
        },
      },
      identity,
    );
    const report = await verifyImage(signed.bytes, { trustAnchorsPem: [identity.trustAnchorPem as string] });
    expect(report.activeManifest?.signer.organization).toBe("Easel (development, not for production)");
  });
});
