import { z } from "zod";
import { toBase64 } from "./bytes.js";

// Wire formats of the transparency log's proofs (RFC 9162 §2.1.3, §2.1.4) and signed tree heads. Hashes are
// standard base64 of 32-byte SHA-256 values; sizes and indices are leaf counts.

/** Standard base64 of a 32-byte SHA-256 hash (44 characters with one "=" of padding). */
export const Base64Hash = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "must be the base64 of a 32-byte SHA-256 hash (44 characters)");

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be standard base64");
const LeafCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** An inclusion proof: the audit path from leaf `leafIndex` to the root of the tree of `treeSize` leaves. */
export const InclusionProof = z.object({
  leafIndex: LeafCount,
  treeSize: LeafCount.min(1),
  /** RFC 9162 leaf hash, SHA-256(0x00 || leaf). */
  leafHash: Base64Hash,
  /** The audit path, nearest the leaf first; at most 64 entries for any tree of fewer than 2^64 leaves. */
  hashes: z.array(Base64Hash).max(64),
});
export type InclusionProof = z.infer<typeof InclusionProof>;

/** A consistency proof between the trees of `size1` and `size2` leaves (`size1 <= size2`). */
export const ConsistencyProof = z
  .object({
    size1: LeafCount,
    size2: LeafCount,
    hashes: z.array(Base64Hash).max(128),
  })
  .refine((p) => p.size1 <= p.size2, { message: "size1 must not exceed size2", path: ["size1"] });
export type ConsistencyProof = z.infer<typeof ConsistencyProof>;

/**
 * A signed tree head. The signed message is `treeHeadMessage(sth)`: a C2SP tlog-checkpoint style note
 * (origin, size, base64 root, one `timestamp` extension line), signed with ES256 (ECDSA P-256 over SHA-256;
 * the signature in IEEE P1363 form, r || s, 64 bytes) by the log's own key: the one `GET /v1/transparency/key`
 * publishes (TransparencyKey), never the C2PA claim-signing key.
 */
export const SignedTreeHead = z.object({
  /** Names the log, so a head of one log is never taken for another's. */
  origin: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\n]+$/, "must be one line"),
  treeSize: LeafCount,
  rootHash: Base64Hash,
  /** When the head was signed, ms since the Unix epoch. */
  timestamp: z.number().int().nonnegative(),
  algorithm: z.literal("ES256"),
  /** Base64 of the 64-byte P1363 signature. */
  signature: Base64,
  /** Base64 DER SubjectPublicKeyInfo of the log key (for WebCrypto `importKey("spki", …)`); pin the published one. */
  publicKey: Base64,
  /** SHA-256 (hex) of the log key's SubjectPublicKeyInfo. */
  keyId: z.string().regex(/^[0-9a-f]{64}$/, "must be the hex SHA-256 of the key"),
});
export type SignedTreeHead = z.infer<typeof SignedTreeHead>;

/** The exact bytes a tree head's signature covers. */
export function treeHeadMessage(
  head: Pick<SignedTreeHead, "origin" | "treeSize" | "rootHash" | "timestamp">,
): Uint8Array {
  return new TextEncoder().encode(`${head.origin}\n${head.treeSize}\n${head.rootHash}\ntimestamp ${head.timestamp}\n`);
}

/**
 * The transparency log's public key, as `GET /v1/transparency/key` publishes it, endorsed by the service's C2PA
 * signing certificate: `endorsement.signature` is ES256 (P1363) over `transparencyKeyMessage(origin, key)` by the
 * first of `endorsement.certificates`. A client that trusts that certificate chain can thereby trust the log key,
 * then pin it (`verifyTreeHeadSignature(head, key)`).
 */
export const TransparencyKey = z.object({
  origin: z.string().min(1),
  algorithm: z.literal("ES256"),
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  publicKey: Base64,
  endorsement: z.object({
    algorithm: z.literal("ES256"),
    signature: Base64,
    /** Base64 DER certificates, end-entity first: the C2PA signing chain. */
    certificates: z.array(Base64).min(1),
  }),
});
export type TransparencyKey = z.infer<typeof TransparencyKey>;

/** The exact bytes the C2PA signing key signs to endorse the log key `spki` (DER SubjectPublicKeyInfo). */
export function transparencyKeyMessage(origin: string, spki: Uint8Array): Uint8Array {
  return new TextEncoder().encode(`easel transparency log key\n${origin}\n${toBase64(spki)}\n`);
}
