import { isAbsolute, join, normalize } from "node:path";

/**
 * Where blobs live, as plain structured-cloneable data (worker threads get a copy and build their own
 * store from it): `local` = a directory of this host, `shared` = a directory on a mount several hosts
 * write (NFS), `s3` = an S3 bucket (AWS or compatible) with a local read cache.
 */
export type BlobStoreConfig =
  | { kind: "local"; root: string }
  | { kind: "shared"; root: string }
  | {
      kind: "s3";
      bucket: string;
      /** Empty, or ending in `/`. */
      prefix: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      accessKeyId?: string;
      secretAccessKey?: string;
      cacheDir: string;
    };

const BLOBS_FORMS = "local, dir:/absolute/path or s3://bucket[/prefix]";
/** Bucket naming rules (S3 User Guide, "General purpose bucket naming rules"), minus the rarer exceptions. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]+$/;
const TRUE_WORDS = ["1", "true", "yes"];
const FALSE_WORDS = ["0", "false", "no"];
const S3_ONLY = [
  "EASEL_S3_ENDPOINT",
  "EASEL_S3_REGION",
  "EASEL_S3_FORCE_PATH_STYLE",
  "EASEL_S3_ACCESS_KEY_ID",
  "EASEL_S3_SECRET_ACCESS_KEY",
];

/** Reads EASEL_BLOBS and the EASEL_S3_* variables; throws naming the variable, the bad value and what is accepted. */
export function blobStoreConfigFromEnv(env: Record<string, string | undefined>, dataDir: string): BlobStoreConfig {
  const blobs = (env.EASEL_BLOBS ?? "").trim();
  if (!blobs.startsWith("s3://")) {
    const stray = S3_ONLY.find((name) => (env[name] ?? "") !== "");
    if (stray) throw new Error(`${stray} is set but EASEL_BLOBS is '${blobs || "local"}': set EASEL_BLOBS=s3://bucket`);
  }
  if (blobs === "" || blobs === "local") return { kind: "local", root: join(dataDir, "blobs") };
  if (blobs.startsWith("dir:")) {
    const root = blobs.slice("dir:".length);
    if (!isAbsolute(root)) throw new Error(`EASEL_BLOBS must be ${BLOBS_FORMS} (an absolute path), got '${blobs}'`);
    return { kind: "shared", root: normalize(root) };
  }
  if (blobs.startsWith("s3://")) return s3ConfigFromEnv(env, blobs, dataDir);
  throw new Error(`EASEL_BLOBS must be ${BLOBS_FORMS}, got '${blobs}'`);
}

function s3ConfigFromEnv(env: Record<string, string | undefined>, blobs: string, dataDir: string): BlobStoreConfig {
  const [bucket = "", ...rest] = blobs.slice("s3://".length).split("/");
  if (!BUCKET_NAME.test(bucket) || bucket.includes("..")) {
    throw new Error(
      `EASEL_BLOBS must be s3://bucket[/prefix] with a bucket name of 3-63 lowercase letters, digits, dots and hyphens, got '${blobs}'`,
    );
  }
  const folders = rest.filter((part) => part !== "");
  const prefix = folders.length === 0 ? "" : `${folders.join("/")}/`;

  const endpoint = optional(env.EASEL_S3_ENDPOINT);
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    throw new Error(`EASEL_S3_ENDPOINT must be an http:// or https:// URL, got '${endpoint}'`);
  }
  const region = optional(env.EASEL_S3_REGION) ?? "us-east-1";
  if (!REGION.test(region)) throw new Error(`EASEL_S3_REGION must be a region name like us-east-1, got '${region}'`);
  const forcePathStyle =
    parseBool(env.EASEL_S3_FORCE_PATH_STYLE, "EASEL_S3_FORCE_PATH_STYLE") ?? endpoint !== undefined;

  const accessKeyId = optional(env.EASEL_S3_ACCESS_KEY_ID);
  const secretAccessKey = optional(env.EASEL_S3_SECRET_ACCESS_KEY);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const [given, missing] =
      accessKeyId === undefined
        ? ["EASEL_S3_SECRET_ACCESS_KEY", "EASEL_S3_ACCESS_KEY_ID"]
        : ["EASEL_S3_ACCESS_KEY_ID", "EASEL_S3_SECRET_ACCESS_KEY"];
    throw new Error(`${missing} must be set when ${given} is (or unset both to use the AWS default credential chain)`);
  }
  return {
    kind: "s3",
    bucket,
    prefix,
    ...(endpoint === undefined ? {} : { endpoint }),
    region,
    forcePathStyle,
    ...(accessKeyId === undefined || secretAccessKey === undefined ? {} : { accessKeyId, secretAccessKey }),
    cacheDir: join(dataDir, "blob-cache"),
  };
}

/** A variable's value, with unset and empty both meaning "not given". */
function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

function parseBool(value: string | undefined, name: string): boolean | undefined {
  const given = optional(value)?.toLowerCase();
  if (given === undefined) return undefined;
  if (TRUE_WORDS.includes(given)) return true;
  if (FALSE_WORDS.includes(given)) return false;
  throw new Error(`${name} must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(", ")}, got '${value}'`);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
