/** The sha256 of some bytes, computed off the event loop (WebCrypto digests on the libuv pool). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Buffer.from(digest).toString("hex");
}

/**
 * Content-addressed blob storage: a blob's name is the sha256 (64 lowercase hex digits) of its bytes, so a
 * put of the same bytes is a no-op and readers never see half a blob. Implementations: `LocalBlobStore`
 * (a directory, also on a shared mount) and `S3BlobStore`; build one from config with `createBlobStore`.
 * A name that is not a sha256 is simply not found, so names from requests can never escape the store.
 */
export interface BlobStore {
  /** Human-readable description for the start banner, secrets masked, e.g. "s3 http://127.0.0.1:9000/bucket/prefix". */
  readonly description: string;
  /** Stores bytes and returns their sha256; `knownSha256` (already computed by the caller) skips hashing. */
  put(bytes: Uint8Array, knownSha256?: string): Promise<string>;
  /** The blob's bytes; throws `BlobNotFoundError` when missing (`BlobIntegrityError` if a remote copy is corrupt). */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** A local file path holding the blob's bytes (for the local/shared stores, the blob itself; for S3 a verified copy in a local read cache). Throws a typed BlobNotFoundError when missing. */
  localPath(sha256: string): Promise<string>;
  /** Throws unless a write would succeed now (readiness); stores without a cheap check leave it out. */
  probeWritable?(): Promise<void>;
}
