// Every format the bundled C2PA reader reads is recognised and its manifest verified; anything else is not
// recognised (the service then refuses it with 415, see tests/e2e/provenance.test.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyImage } from "./c2pa-verify.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";
import { sampleImage, signSample } from "./testing/format-samples.js";
import { VERIFIABLE_FORMATS, verifiableFormat } from "./verify-format.js";

let dir: string;
let identity: SigningIdentity;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-formats-"));
  identity = await loadSigningIdentity({ dir });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("verification across image formats", () => {
  for (const format of VERIFIABLE_FORMATS) {
    it(`reads the manifest of a signed ${format} file, and reports an unsigned one as absent`, async () => {
      const plain = await sampleImage(format);
      expect(verifiableFormat(plain)).toBe(format);
      expect(await verifyImage(plain, { trustAnchorsPem: [] })).toMatchObject({ state: "absent", source: "none" });

      const signed = await signSample(plain, format, identity);
      expect(verifiableFormat(signed)).toBe(format);
      const report = await verifyImage(signed, { trustAnchorsPem: [identity.trustAnchorPem as string] });
      expect(report).toMatchObject({ state: "trusted", source: "embedded", failures: [] });
      expect(report.activeManifest?.actions[0]?.action).toBe("c2pa.created");
      expect(report.activeManifest?.title).toBe(`sample.${format.split("/")[1]}`);
    });
  }

  it("does not recognise formats the reader cannot read (BMP, SVG, JPEG XL, text)", () => {
    const bmp = new Uint8Array([0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0]);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    const jxl = new Uint8Array([0xff, 0x0a, 0xfa, 0x7f]);
    const text = new TextEncoder().encode("not an image at all");
    for (const bytes of [bmp, svg, jxl, text, new Uint8Array(0)]) expect(verifiableFormat(bytes)).toBeUndefined();
  });
});
