import { beforeAll, describe, expect, it } from "vitest";
import { fingerprintImage, type ImageFingerprint } from "./perceptual-hash.js";
import { fingerprintReference } from "./reference-fingerprints.js";
import { SimilarityIndex } from "./similarity-index.js";
import { NEAR_DUPLICATE_EDITS, PHOTO_DIR, PHOTOS, readPhoto } from "./testing/photo-edits.js";
import { randomReferences } from "./testing/random-references.js";

// Half the fixture photos are protected; the other half are what users upload or generate.
const PROTECTED = PHOTOS.slice(0, 5);
const UNPROTECTED = PHOTOS.slice(5);

// Query speed over 100k hashes is measured by bench/ (safety suite, safety.similarity.100k_ms).
describe("SimilarityIndex with 100k references", () => {
  const index = new SimilarityIndex();
  const copies: { photo: string; fingerprint: ImageFingerprint }[] = [];
  const strangers: ImageFingerprint[] = [];

  beforeAll(async () => {
    for (const reference of randomReferences(100_000, 9)) index.add(reference);
    for (const photo of PROTECTED) {
      const image = await readPhoto(photo);
      index.add({ id: photo, fingerprints: await fingerprintReference(image), exemptOrgIds: ["org-owner"] });
      for (const make of Object.values(NEAR_DUPLICATE_EDITS)) {
        copies.push({
          photo,
          fingerprint: await fingerprintImage(await make(`${PHOTO_DIR}${photo}`, image.width, image.height)),
        });
      }
    }
    for (const photo of UNPROTECTED) {
      const image = await readPhoto(photo);
      strangers.push(await fingerprintImage(image));
      for (const make of Object.values(NEAR_DUPLICATE_EDITS)) {
        strangers.push(await fingerprintImage(await make(`${PHOTO_DIR}${photo}`, image.width, image.height)));
      }
    }
  });

  it("holds every reference and every hash", () => {
    expect(index.size).toBe(100_005);
    expect(index.hashCount).toBe(100_000 + 5 * 16);
  });

  it("names the protected photo an edited copy comes from", () => {
    for (const { photo, fingerprint } of copies) {
      expect(index.findCopy(fingerprint, { orgId: "org-other" })?.id).toBe(photo);
      expect(index.nearest(fingerprint.hash, 10)?.id).toBe(photo);
    }
  });

  it("finds nothing for photos that are not protected, edited or not", () => {
    for (const fingerprint of strangers) expect(index.findCopy(fingerprint)).toBeNull();
  });

  it("lets an org use its own kit assets", () => {
    const copy = copies[0] as { photo: string; fingerprint: ImageFingerprint };
    expect(index.findCopy(copy.fingerprint, { orgId: "org-owner" })).toBeNull();
    expect(index.nearest(copy.fingerprint.hash, 10, { orgId: "org-owner" })).toBeNull();
    expect(index.findCopy(copy.fingerprint)?.id).toBe(copy.photo);
  });
});

describe("SimilarityIndex updates", () => {
  it("forgets removed references and replaces re-added ones", async () => {
    const index = new SimilarityIndex();
    const [first, second] = PROTECTED as [string, string];
    const a = await fingerprintReference(await readPhoto(first));
    const b = await fingerprintReference(await readPhoto(second));
    index.add({ id: "a", fingerprints: a });
    index.add({ id: "b", fingerprints: b });
    for (const reference of randomReferences(50, 3)) index.add(reference);
    expect(index.nearest((a[0] as ImageFingerprint).hash, 0)).toEqual({ id: "a", distance: 0, variant: 0 });

    expect(index.remove("a")).toBe(true);
    expect(index.remove("a")).toBe(false);
    expect(index.nearest((a[0] as ImageFingerprint).hash, 10)).toBeNull();
    expect(index.findCopy(b[0] as ImageFingerprint)?.id).toBe("b");

    // Re-adding under an existing id replaces the reference's fingerprints.
    index.add({ id: "b", fingerprints: a });
    expect(index.findCopy(a[0] as ImageFingerprint)?.id).toBe("b");
    expect(index.nearest((b[0] as ImageFingerprint).hash, 10)).toBeNull();
    expect(index.size).toBe(51);
    expect(index.hashCount).toBe(50 + 16);
  });

  it("refuses a reference without fingerprints", () => {
    expect(() => new SimilarityIndex().add({ id: "x", fingerprints: [] })).toThrow(/no fingerprints/);
  });
});

describe("SimilarityIndex tenancy", () => {
  it("applies an org's entry to that org alone, and a platform entry to every org but the exempt", async () => {
    const [photo] = PROTECTED as [string];
    const image = await readPhoto(photo);
    const copy = await fingerprintImage(image);
    const index = new SimilarityIndex();
    index.add({ id: "alpha-only", orgId: "org-alpha", fingerprints: await fingerprintReference(image) });
    expect(index.findCopy(copy, { orgId: "org-alpha" })?.id).toBe("alpha-only");
    expect(index.findCopy(copy, { orgId: "org-beta" })).toBeNull();
    expect(index.findCopy(copy)).toBeNull();

    index.add({ id: "platform", fingerprints: await fingerprintReference(image), exemptOrgIds: ["org-gamma"] });
    expect(index.findCopy(copy, { orgId: "org-beta" })?.id).toBe("platform");
    expect(index.findCopy(copy, { orgId: "org-gamma" })).toBeNull();
  });
});
