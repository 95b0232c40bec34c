// The transparency log's own signing key: an ES256 (P-256) key that signs tree heads and nothing else. Kept apart
// from the C2PA claim-signing key so that the two can be rotated, revoked and held (KMS, HSM) separately, and so a
// signature over a tree head can never be replayed as, or confused with, a signature over a claim. The C2PA
// identity endorses it once (transparencyKeyEndorsement), which is how a client that trusts Easel's certificate
// comes to trust the log key; clients then pin the key to verify heads.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TransparencyKey, toBase64, transparencyKeyMessage } from "@easel/shared/transparency";
import { ProvenanceConfigError } from "./provenance-error.js";
import type { SigningIdentity } from "./signing-identity.js";

/** Signs tree heads. */
export interface TreeHeadSigner {
  /** DER SubjectPublicKeyInfo of the log key. */
  readonly publicKeySpki: Uint8Array;
  /** SHA-256 (hex) of `publicKeySpki`. */
  readonly keyId: string;
  /** ES256 signature of `data`: 64 bytes, r || s (IEEE P1363). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** Where the development log key lives in the provenance directory (created on first start). */
export const DEV_LOG_KEY_FILE = "transparency-log.key.pem";

/** Creates the key file once; concurrent first starts all end up with whichever file was linked first. */
async function ensureKeyFile(path: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const staging = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(staging, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  try {
    await link(staging, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await rm(staging, { force: true });
  }
}

/** Loads the log key from `keyPemPath` (production), or from / into `dir` (created on first use). */
export async function loadTransparencyKey(options: { dir: string; keyPemPath?: string }): Promise<TreeHeadSigner> {
  const path = options.keyPemPath ?? join(options.dir, DEV_LOG_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    if (options.keyPemPath || (error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new ProvenanceConfigError(`cannot read the transparency log key ${path}: ${(error as Error).message}`);
    }
    await ensureKeyFile(path, options.dir);
    pem = await readFile(path, "utf8");
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new ProvenanceConfigError(
      `transparency log key ${path} is not a readable PEM key: ${(error as Error).message}`,
    );
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new ProvenanceConfigError(`transparency log key ${path} must be an ECDSA P-256 key (tree heads are ES256)`);
  }
  const publicKeySpki = new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
  return {
    publicKeySpki,
    keyId: createHash("sha256").update(publicKeySpki).digest("hex"),
    sign: async (data) => new Uint8Array(nodeSign("sha256", data, { key, dsaEncoding: "ieee-p1363" })),
  };
}

/** The published log key, endorsed by the C2PA signing identity (its certificate chain comes along). */
export async function transparencyKeyEndorsement(
  logKey: TreeHeadSigner,
  identity: SigningIdentity,
  origin: string,
): Promise<TransparencyKey> {
  const signature = await identity.sign(transparencyKeyMessage(origin, logKey.publicKeySpki));
  return {
    origin,
    algorithm: "ES256",
    keyId: logKey.keyId,
    publicKey: toBase64(logKey.publicKeySpki),
    endorsement: {
      algorithm: "ES256",
      signature: toBase64(signature),
      certificates: identity.certificateChainDer.map(toBase64),
    },
  };
}
