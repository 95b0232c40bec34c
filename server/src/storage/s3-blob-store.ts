import { mkdirSync } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { publishAtomically } from "./atomic-publish.js";
import { BlobIntegrityError, BlobNotFoundError } from "./blob-errors.js";
import { assertSha256Hex, fanOutKey, fanOutPath, isSha256Hex } from "./blob-name.js";
import { type BlobStore, sha256Hex } from "./blob-store.js";

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key as is; end it with `/` to get a folder. */
  prefix?: string;
  /** An S3-compatible server (MinIO, Ceph, R2, s3rver…); unset means AWS itself. */
  endpoint?: string;
  region: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`; most self-hosted servers need it. */
  forcePathStyle?: boolean;
  /** Both or neither; neither means the SDK's default chain (AWS_* variables, profiles, instance roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Local directory of verified copies served by `localPath` (for code that reads files, e.g. sharp). */
  cacheDir: string;
}

/**
 * Content-addressed blobs in an S3 bucket. Every write carries the blob's sha256 as the object checksum,
 * so S3 refuses bytes damaged in transit; every read is re-hashed here, because a checksum the SDK may
 * or may not validate is no substitute for the name that promises what the bytes are.
 */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  /** The SDK and its client, loaded on first use: the SDK is a large module graph that a process
   * (and each of its worker threads) would otherwise load at start-up even when it never touches S3. */
  private sdk: Promise<{ client: S3Client; s3: typeof import("@aws-sdk/client-s3") }> | undefined;
  private readonly clientConfig: S3ClientConfig;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly cacheDir: string;
  private readonly cacheTmpDir: string;
  /** Downloads into the cache in flight, so concurrent `localPath` calls for one blob fetch it once. */
  private readonly downloads = new Map<string, Promise<string>>();

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? "";
    this.cacheDir = options.cacheDir;
    this.cacheTmpDir = join(options.cacheDir, "tmp");
    mkdirSync(this.cacheTmpDir, { recursive: true });
    this.description = describeS3Location(options);
    const { accessKeyId, secretAccessKey } = options;
    this.clientConfig = {
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
      // The SDK's standard retry strategy (exponential backoff with jitter) for throttling, 5xx and resets.
      maxAttempts: 3,
      // ms; a stalled connection fails and is retried instead of hanging a job forever (the default is no limit).
      requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
      // Since 3.729.0 the SDK adds its own CRC32 to every upload ("WHEN_SUPPORTED", as a header or an
      // aws-chunked trailer) and asks for checksums on every download (x-amz-checksum-mode). Several
      // S3-compatible servers reject those headers or the chunked encoding (aws/aws-sdk-js-v3#6819,
      // rqlite/rqlite#2701 for MinIO/R2/B2; s3rver stores but ignores them). We already send the one
      // checksum that matters, SHA-256 = the blob's name, and re-hash every download ourselves, so the
      // SDK's extra checksums would add work and incompatibility, not safety.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    };
  }

  private s3(): Promise<{ client: S3Client; s3: typeof import("@aws-sdk/client-s3") }> {
    this.sdk ??= import("@aws-sdk/client-s3").then((s3) => ({ client: new s3.S3Client(this.clientConfig), s3 }));
    return this.sdk;
  }

  /** The object key of a blob: `${prefix}ab/cd/abcd…`. */
  keyOf(sha256: string): string {
    return `${this.prefix}${fanOutKey(sha256)}`;
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    try {
      const { client, s3 } = await this.s3();
      await client.send(new s3.HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** Uploads bytes unless the bucket has them; S3 checks them against `knownSha256` (or their computed hash). */
  async put(bytes: Uint8Array, knownSha256?: string): Promise<string> {
    if (knownSha256 !== undefined) assertSha256Hex(knownSha256, "knownSha256");
    const sha256 = knownSha256 ?? (await sha256Hex(bytes));
    if (await this.existsForPut(sha256)) return sha256;
    const { client, s3 } = await this.s3();
    await client.send(
      new s3.PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(sha256),
        Body: bytes,
        ContentType: "application/octet-stream",
        // S3 recomputes this and answers BadDigest on a mismatch (Checking object integrity, S3 User Guide).
        ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
      }),
    );
    return sha256;
  }

  /** Downloads a blob and checks that its bytes hash to its name. */
  async get(sha256: string): Promise<Buffer> {
    if (!isSha256Hex(sha256)) throw new BlobNotFoundError(sha256);
    let bytes: Buffer;
    try {
      const { client, s3 } = await this.s3();
      const response = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      if (!response.Body) throw new Error(`s3 answered GetObject for ${this.keyOf(sha256)} without a body`);
      bytes = Buffer.from(await response.Body.transformToByteArray());
    } catch (error) {
      if (statusOf(error) === 404) throw new BlobNotFoundError(sha256, { cause: error });
      throw error;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== sha256) throw new BlobIntegrityError(sha256, actual, `s3://${this.bucket}/${this.keyOf(sha256)}`);
    return bytes;
  }

  /** A verified copy in the local cache, downloaded on first use; later calls do not touch the network. */
  async localPath(sha256: string): Promise<string> {
    if (!isSha256Hex(sha256)) throw new BlobNotFoundError(sha256);
    const path = join(this.cacheDir, fanOutPath(sha256));
    try {
      await access(path);
      return path; // only verified bytes are ever published into the cache
    } catch {
      // not cached yet
    }
    let download = this.downloads.get(sha256);
    if (!download) {
      download = this.get(sha256)
        .then(async (bytes) => {
          await publishAtomically(this.cacheTmpDir, path, bytes);
          return path;
        })
        .finally(() => this.downloads.delete(sha256));
      this.downloads.set(sha256, download);
    }
    return download;
  }

  /** Closes the client's pooled sockets (tests, shutdown). */
  destroy(): void {
    void this.sdk?.then(({ client }) => client.destroy());
  }

  /**
   * Whether an upload can be skipped. A 403 means "maybe": without s3:ListBucket, S3 answers HeadObject
   * for a missing key with 403 rather than 404 (HeadObject, S3 API Reference), so we upload and let
   * PutObject say whether we may write.
   */
  private async existsForPut(sha256: string): Promise<boolean> {
    try {
      return await this.has(sha256);
    } catch (error) {
      if (statusOf(error) === 403) return false;
      throw error;
    }
  }
}

/** Where the blobs live, for the start banner; carries no secret (only whether keys were given). */
export function describeS3Location(options: S3BlobStoreOptions): string {
  const endpoint = options.endpoint === undefined ? "aws" : withoutUserInfo(options.endpoint);
  const credentials = options.accessKeyId ? `key ${options.accessKeyId.slice(0, 4)}…` : "default credentials";
  return `s3 ${endpoint}/${options.bucket}/${options.prefix ?? ""} (region ${options.region}, ${credentials})`;
}

/** An endpoint URL without any `user:password@` part. */
function withoutUserInfo(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(invalid endpoint)";
  }
}

/** The HTTP status of an SDK error (NotFound, NoSuchKey, AccessDenied…), if it came from the server. */
function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
