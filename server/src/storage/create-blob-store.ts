import type { BlobStore } from "./blob-store.js";
import type { BlobStoreConfig } from "./blob-store-config.js";
import { LocalBlobStore } from "./local-blob-store.js";
import { describeS3Location, S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.js";

/** Builds the store a config names (in the main thread or a worker, from the same cloned data). */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  switch (config.kind) {
    case "local":
    case "shared":
      return new LocalBlobStore(config.root, config.kind);
    case "s3":
      return new S3BlobStore(s3Options(config));
    default:
      return unreachable(config);
  }
}

/** The start-banner line for a config without building the store (no directories made, no client): secrets masked. */
export function describeBlobStore(config: BlobStoreConfig): string {
  switch (config.kind) {
    case "local":
    case "shared":
      return `${config.kind} ${config.root}`;
    case "s3":
      return describeS3Location(s3Options(config));
    default:
      return unreachable(config);
  }
}

function s3Options(config: Extract<BlobStoreConfig, { kind: "s3" }>): S3BlobStoreOptions {
  const { kind: _kind, ...options } = config;
  return options;
}

function unreachable(config: never): never {
  throw new Error(`unknown blob store kind in ${JSON.stringify(config)}`);
}
