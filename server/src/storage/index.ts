export { BlobIntegrityError, BlobNotFoundError } from "./blob-errors.js";
export { isSha256Hex } from "./blob-name.js";
export { type BlobStore, sha256Hex } from "./blob-store.js";
export { type BlobStoreConfig, blobStoreConfigFromEnv } from "./blob-store-config.js";
export { createBlobStore, describeBlobStore } from "./create-blob-store.js";
export { LocalBlobStore, type LocalBlobStoreMode } from "./local-blob-store.js";
export { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.js";
