import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blobStoreConfigFromEnv } from "./blob-store-config.js";
import { createBlobStore, describeBlobStore } from "./create-blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";
import { S3BlobStore } from "./s3-blob-store.js";
import { startTestS3Server } from "./test-s3-server.js";

const dataDir = "/var/lib/easel";

describe("blobStoreConfigFromEnv", () => {
  it("keeps blobs in <dataDir>/blobs when EASEL_BLOBS is unset or local", () => {
    expect(blobStoreConfigFromEnv({}, dataDir)).toEqual({ kind: "local", root: "/var/lib/easel/blobs" });
    expect(blobStoreConfigFromEnv({ EASEL_BLOBS: "local" }, dataDir)).toEqual({
      kind: "local",
      root: "/var/lib/easel/blobs",
    });
  });

  it("reads dir:/absolute/path as a shared directory", () => {
    expect(blobStoreConfigFromEnv({ EASEL_BLOBS: "dir:/mnt/nfs/easel//blobs/" }, dataDir)).toEqual({
      kind: "shared",
      root: "/mnt/nfs/easel/blobs/",
    });
  });

  it("reads s3://bucket/prefix with an endpoint, path-style by default, explicit keys and a cache in the data dir", () => {
    const config = blobStoreConfigFromEnv(
      {
        EASEL_BLOBS: "s3://easel-prod/team/blobs",
        EASEL_S3_ENDPOINT: "http://127.0.0.1:9000",
        EASEL_S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
        EASEL_S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI",
      },
      dataDir,
    );
    expect(config).toEqual({
      kind: "s3",
      bucket: "easel-prod",
      prefix: "team/blobs/",
      endpoint: "http://127.0.0.1:9000",
      region: "us-east-1",
      forcePathStyle: true,
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI",
      cacheDir: "/var/lib/easel/blob-cache",
    });
    expect(describeBlobStore(config)).toBe(
      "s3 http://127.0.0.1:9000/easel-prod/team/blobs/ (region us-east-1, key AKIA…)",
    );
    expect(describeBlobStore(config)).not.toContain("wJalrXUtnFEMI");
  });

  it("talks to AWS itself, virtual-hosted, with the SDK's credential chain when only a bucket is given", () => {
    const config = blobStoreConfigFromEnv({ EASEL_BLOBS: "s3://easel-prod", EASEL_S3_REGION: "eu-west-1" }, dataDir);
    expect(config).toEqual({
      kind: "s3",
      bucket: "easel-prod",
      prefix: "",
      region: "eu-west-1",
      forcePathStyle: false,
      cacheDir: "/var/lib/easel/blob-cache",
    });
    expect(describeBlobStore(config)).toBe("s3 aws/easel-prod/ (region eu-west-1, default credentials)");
  });

  it.each([
    [
      { EASEL_BLOBS: "ftp://x" },
      "EASEL_BLOBS must be local, dir:/absolute/path or s3://bucket[/prefix], got 'ftp://x'",
    ],
    [
      { EASEL_BLOBS: "dir:relative/blobs" },
      "EASEL_BLOBS must be local, dir:/absolute/path or s3://bucket[/prefix] (an absolute path), got 'dir:relative/blobs'",
    ],
    [
      { EASEL_BLOBS: "s3://Bad_Bucket/x" },
      "EASEL_BLOBS must be s3://bucket[/prefix] with a bucket name of 3-63 lowercase letters, digits, dots and hyphens, got 's3://Bad_Bucket/x'",
    ],
    [{ EASEL_BLOBS: "s3://" }, "got 's3://'"],
    [
      { EASEL_BLOBS: "s3://ok-bucket", EASEL_S3_ENDPOINT: "127.0.0.1:9000" },
      "EASEL_S3_ENDPOINT must be an http:// or https:// URL, got '127.0.0.1:9000'",
    ],
    [
      { EASEL_BLOBS: "s3://ok-bucket", EASEL_S3_REGION: "US East" },
      "EASEL_S3_REGION must be a region name like us-east-1, got 'US East'",
    ],
    [
      { EASEL_BLOBS: "s3://ok-bucket", EASEL_S3_FORCE_PATH_STYLE: "maybe" },
      "EASEL_S3_FORCE_PATH_STYLE must be one of 1, true, yes, 0, false, no, got 'maybe'",
    ],
    [
      { EASEL_BLOBS: "s3://ok-bucket", EASEL_S3_ACCESS_KEY_ID: "AKIA" },
      "EASEL_S3_SECRET_ACCESS_KEY must be set when EASEL_S3_ACCESS_KEY_ID is",
    ],
    [
      { EASEL_S3_ENDPOINT: "http://127.0.0.1:9000" },
      "EASEL_S3_ENDPOINT is set but EASEL_BLOBS is 'local': set EASEL_BLOBS=s3://bucket",
    ],
  ])("rejects %o, naming the variable and the bad value", (env, message) => {
    expect(() => blobStoreConfigFromEnv(env, dataDir)).toThrow(message);
  });
});

describe("createBlobStore", () => {
  const photo = readFileSync(new URL("../../../tests/fixtures/photos/mountain-meadow-autumn.png", import.meta.url));
  const sha = createHash("sha256").update(photo).digest("hex");

  it("builds a working S3 store from the environment after the config crossed a structured clone (as to a worker)", async () => {
    const server = await startTestS3Server();
    const dir = await mkdtemp(join(tmpdir(), "easel-data-"));
    const env = {
      EASEL_BLOBS: `s3://${server.bucket}/from-env`,
      EASEL_S3_ENDPOINT: server.endpoint,
      EASEL_S3_ACCESS_KEY_ID: server.credentials.accessKeyId,
      EASEL_S3_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    };
    const store = createBlobStore(structuredClone(blobStoreConfigFromEnv(env, dir)));
    try {
      expect(store).toBeInstanceOf(S3BlobStore);
      expect(await store.put(photo)).toBe(sha);
      expect(
        server.requests.some(
          (r) => r.path === `/${server.bucket}/from-env/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
        ),
      ).toBe(true);
      expect((await store.localPath(sha)).startsWith(join(dir, "blob-cache"))).toBe(true);
    } finally {
      (store as S3BlobStore).destroy();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("builds a shared-directory store that describes itself as shared", async () => {
    const dir = await mkdtemp(join(tmpdir(), "easel-shared-"));
    try {
      const store = createBlobStore(structuredClone(blobStoreConfigFromEnv({ EASEL_BLOBS: `dir:${dir}` }, "/unused")));
      expect(store).toBeInstanceOf(LocalBlobStore);
      expect(store.description).toBe(`shared ${dir}`);
      expect((await store.get(await store.put(photo))).equals(photo)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
