import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobIntegrityError } from "./blob-errors.js";
import { S3BlobStore } from "./s3-blob-store.js";
import { startTestS3Server, type TestS3Server } from "./test-s3-server.js";

const photo = readFileSync(new URL("../../../tests/fixtures/photos/grace-hopper-portrait.png", import.meta.url));
const sha = createHash("sha256").update(photo).digest("hex");
const key = `tenant-a/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

describe("S3BlobStore against a loopback S3-compatible server", () => {
  let server: TestS3Server;
  let cacheDir: string;
  let store: S3BlobStore;
  beforeEach(async () => {
    server = await startTestS3Server();
    cacheDir = await mkdtemp(join(tmpdir(), "easel-blob-cache-"));
    store = new S3BlobStore({
      bucket: server.bucket,
      prefix: "tenant-a/",
      endpoint: server.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      ...server.credentials,
      cacheDir,
    });
  });
  afterEach(async () => {
    store.destroy();
    await server.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const puts = () => server.requests.filter((r) => r.method === "PUT");
  const gets = () => server.requests.filter((r) => r.method === "GET");

  it("uploads under prefix/ab/cd/sha with the sha256 as the object checksum S3 verifies", async () => {
    await store.put(photo);
    const [put, ...others] = puts();
    expect(others).toEqual([]);
    expect(put?.path).toBe(`/${server.bucket}/${key}`);
    expect(put?.headers["x-amz-checksum-sha256"]).toBe(createHash("sha256").update(photo).digest("base64"));
    expect(put?.headers["content-type"]).toBe("application/octet-stream");
  });

  it("sends none of the SDK's default extra checksums that break some S3-compatible servers", async () => {
    await store.put(photo);
    await store.get(sha);
    for (const request of server.requests) {
      expect(request.headers["content-encoding"] ?? "").not.toContain("aws-chunked");
      expect(request.headers["x-amz-sdk-checksum-algorithm"]).toBeUndefined();
      expect(request.headers["x-amz-checksum-crc32"]).toBeUndefined();
      expect(request.headers["x-amz-checksum-mode"]).toBeUndefined();
    }
  });

  it("does not upload bytes the bucket already has", async () => {
    await store.put(photo);
    await store.put(photo, sha);
    expect(puts()).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === "HEAD")).toHaveLength(2);
  });

  it("refuses an object whose bytes were replaced behind its back, naming the sha256", async () => {
    await store.put(photo);
    const other = readFileSync(new URL("../../../tests/fixtures/photos/cat-chelsea.png", import.meta.url));
    await server.rawClient.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: other }));
    const otherSha = createHash("sha256").update(other).digest("hex");
    await expect(store.get(sha)).rejects.toSatisfy(
      (error) =>
        error instanceof BlobIntegrityError &&
        error.sha256 === sha &&
        error.actualSha256 === otherSha &&
        error.message.includes(sha),
    );
    await expect(store.localPath(sha)).rejects.toBeInstanceOf(BlobIntegrityError);
    expect(existsSync(join(cacheDir, sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(false);
  });

  it("serves localPath from its cache once downloaded, even with the server gone", async () => {
    await store.put(photo);
    const first = await store.localPath(sha);
    expect(first.startsWith(cacheDir)).toBe(true);
    await server.stop();
    await expect(store.get(sha)).rejects.toThrow(); // the network really is gone
    const second = await store.localPath(sha);
    expect(second).toBe(first);
    expect((await readFile(second)).equals(photo)).toBe(true);
    expect(await readdir(join(cacheDir, "tmp"))).toEqual([]);
  });

  it("downloads a blob once when many callers ask for its local path at the same time", async () => {
    await store.put(photo);
    const paths = await Promise.all(Array.from({ length: 8 }, () => store.localPath(sha)));
    expect(new Set(paths).size).toBe(1);
    expect(gets()).toHaveLength(1);
  });

  it("describes the bucket and endpoint for the banner without the secret key", () => {
    expect(store.description).toBe(`s3 ${server.endpoint}/${server.bucket}/tenant-a/ (region us-east-1, key S3RV…)`);
    expect(store.description).not.toContain(server.credentials.secretAccessKey);
  });
});
