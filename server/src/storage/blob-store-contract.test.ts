import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobNotFoundError } from "./blob-errors.js";
import type { BlobStore } from "./blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";
import { S3BlobStore } from "./s3-blob-store.js";
import { startTestS3Server } from "./test-s3-server.js";

const photo = (name: string) => readFileSync(new URL(`../../../tests/fixtures/photos/${name}`, import.meta.url));
/** An independent hash (node:crypto, not the WebCrypto path the stores use). */
const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Harness {
  store: BlobStore;
  cleanup(): Promise<void>;
}

const implementations: { name: string; setUp: () => Promise<Harness> }[] = [
  {
    name: "local directory",
    async setUp() {
      const dir = await mkdtemp(join(tmpdir(), "easel-blobs-"));
      return { store: new LocalBlobStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "shared directory",
    async setUp() {
      const dir = await mkdtemp(join(tmpdir(), "easel-shared-blobs-"));
      return { store: new LocalBlobStore(dir, "shared"), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "s3 (s3rver on loopback)",
    async setUp() {
      const server = await startTestS3Server();
      const cacheDir = await mkdtemp(join(tmpdir(), "easel-blob-cache-"));
      const store = new S3BlobStore({
        bucket: server.bucket,
        prefix: "contract/",
        endpoint: server.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        ...server.credentials,
        cacheDir,
      });
      return {
        store,
        async cleanup() {
          store.destroy();
          await server.stop();
          await rm(cacheDir, { recursive: true, force: true });
        },
      };
    },
  },
];

describe.each(implementations)("$name blob store", ({ setUp }) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await setUp();
  });
  afterAll(() => harness.cleanup());

  it("names a real PNG by its sha256 and gives back exactly its bytes", async () => {
    const bytes = photo("cat-chelsea.png");
    const sha256 = await harness.store.put(bytes);
    expect(sha256).toBe(sha256Of(bytes));
    const back = await harness.store.get(sha256);
    expect(back.equals(bytes)).toBe(true);
  });

  it("answers a second put of the same bytes with the same name and keeps the bytes intact", async () => {
    const bytes = photo("coffee-cup.png");
    const first = await harness.store.put(bytes);
    const second = await harness.store.put(new Uint8Array(bytes));
    expect(second).toBe(first);
    expect((await harness.store.get(first)).equals(bytes)).toBe(true);
  });

  it("reports has() false before a put and true after it", async () => {
    const bytes = photo("fig-in-red-bowl.png");
    const sha256 = sha256Of(bytes);
    expect(await harness.store.has(sha256)).toBe(false);
    await harness.store.put(bytes);
    expect(await harness.store.has(sha256)).toBe(true);
  });

  it("serves a local file with identical bytes that sharp can decode", async () => {
    const bytes = photo("dandelions-meadow.png");
    const sha256 = await harness.store.put(bytes);
    const path = await harness.store.localPath(sha256);
    expect((await readFile(path)).equals(bytes)).toBe(true);
    const fromFile = await sharp(path).metadata();
    const fromBytes = await sharp(bytes).metadata();
    expect([fromFile.format, fromFile.width, fromFile.height]).toEqual(["png", fromBytes.width, fromBytes.height]);
  });

  it("throws BlobNotFoundError naming the sha256 for a blob it never stored", async () => {
    const missing = sha256Of(Buffer.from("never stored"));
    expect(await harness.store.has(missing)).toBe(false);
    await expect(harness.store.get(missing)).rejects.toSatisfy(
      (error) => error instanceof BlobNotFoundError && error.sha256 === missing && error.message.includes(missing),
    );
    await expect(harness.store.localPath(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it("treats a name that is not a sha256 (e.g. a path) as not found instead of reading outside the store", async () => {
    for (const name of ["../../../etc/passwd", "ABC", sha256Of(Buffer.from("x")).toUpperCase()]) {
      expect(await harness.store.has(name)).toBe(false);
      await expect(harness.store.get(name)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(harness.store.localPath(name)).rejects.toBeInstanceOf(BlobNotFoundError);
    }
  });

  it("stores under a caller's known sha256 and rejects a malformed one, naming the argument", async () => {
    const bytes = photo("paint-brushes.png");
    const known = sha256Of(bytes);
    expect(await harness.store.put(bytes, known)).toBe(known);
    expect((await harness.store.get(known)).equals(bytes)).toBe(true);
    await expect(harness.store.put(bytes, "not-a-hash")).rejects.toThrow(/knownSha256 .*'not-a-hash'/);
  });

  it("describes itself for the start banner", () => {
    expect(harness.store.description).toMatch(/^(local|shared|s3) \S+/);
  });
});
