import { webcrypto } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  fromBase64,
  SignedTreeHead,
  TransparencyKey,
  transparencyKeyMessage,
  verifyConsistency,
  verifyTreeHeadSignature,
} from "@easel/shared/transparency";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MerkleLog } from "./merkle-log.js";
import { MemoryMerkleStore } from "./merkle-store.js";
import { signTreeHead } from "./signed-tree-head.js";
import { loadSigningIdentity, type SigningIdentity } from "./signing-identity.js";
import { loadTransparencyKey, type TreeHeadSigner, transparencyKeyEndorsement } from "./transparency-key.js";
import { ES256, x509 } from "./x509.js";

let dir: string;
let identity: SigningIdentity;
let logKey: TreeHeadSigner;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-sth-"));
  identity = await loadSigningIdentity({ dir });
  logKey = await loadTransparencyKey({ dir });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("signTreeHead", () => {
  it("signs heads a browser verifies, and two heads of one log are provably consistent", async () => {
    const log = new MerkleLog(new MemoryMerkleStore());
    for (let i = 0; i < 5; i++) log.append(new Uint8Array(32).fill(i));
    const first = SignedTreeHead.parse(
      await signTreeHead(log, logKey, { origin: "easel.test/log", now: new Date("2026-01-01T00:00:00Z") }),
    );
    for (let i = 5; i < 12; i++) log.append(new Uint8Array(32).fill(i));
    const second = SignedTreeHead.parse(await signTreeHead(log, logKey, { origin: "easel.test/log" }));

    expect(first).toMatchObject({ treeSize: 5, timestamp: Date.parse("2026-01-01T00:00:00Z"), algorithm: "ES256" });
    expect(await verifyTreeHeadSignature(first)).toBe(true);
    expect(await verifyTreeHeadSignature(second, logKey.publicKeySpki)).toBe(true);

    const proof = log.consistencyProof(first.treeSize, second.treeSize).hashes.map(fromBase64);
    expect(
      await verifyConsistency(
        first.treeSize,
        second.treeSize,
        fromBase64(first.rootHash),
        fromBase64(second.rootHash),
        proof,
      ),
    ).toBe(true);
  });

  it("fails verification when any signed field is changed or another key is pinned", async () => {
    const log = new MerkleLog(new MemoryMerkleStore());
    log.append(new Uint8Array(32));
    const head = await signTreeHead(log, logKey, { origin: "easel.test/log" });
    expect(await verifyTreeHeadSignature({ ...head, treeSize: 2 })).toBe(false);
    expect(await verifyTreeHeadSignature({ ...head, timestamp: head.timestamp + 1 })).toBe(false);
    expect(await verifyTreeHeadSignature({ ...head, origin: "evil.test/log" })).toBe(false);
    const other = await loadTransparencyKey({ dir: join(dir, "other") });
    expect(await verifyTreeHeadSignature(head, other.publicKeySpki)).toBe(false);
  });

  it("signs with a log key of its own, not the C2PA signing key, endorsed by the C2PA certificate", async () => {
    const log = new MerkleLog(new MemoryMerkleStore());
    log.append(new Uint8Array(32));
    const head = SignedTreeHead.parse(await signTreeHead(log, logKey, { origin: "easel" }));
    expect(fromBase64(head.publicKey)).toEqual(logKey.publicKeySpki);
    expect(fromBase64(head.publicKey)).not.toEqual(identity.publicKeySpki);
    expect(await verifyTreeHeadSignature(head, identity.publicKeySpki)).toBe(false);
    expect(head.keyId).toBe(logKey.keyId);

    // The same key on every start (it lives in the provenance directory).
    expect((await loadTransparencyKey({ dir })).publicKeySpki).toEqual(logKey.publicKeySpki);

    // The published key: the C2PA signing certificate endorses it, so a client trusting that certificate can pin it.
    const published = TransparencyKey.parse(await transparencyKeyEndorsement(logKey, identity, "easel"));
    const [leafDer] = published.endorsement.certificates;
    const leaf = new x509.X509Certificate(fromBase64(leafDer as string));
    const leafKey = await leaf.publicKey.export(ES256, ["verify"]);
    const endorsed = await webcrypto.subtle.verify(
      ES256,
      leafKey as unknown as webcrypto.CryptoKey,
      fromBase64(published.endorsement.signature),
      transparencyKeyMessage(published.origin, fromBase64(published.publicKey)),
    );
    expect(endorsed).toBe(true);
    expect(await verifyTreeHeadSignature(head, fromBase64(published.publicKey))).toBe(true);
  });

  it("refuses a configured log key that is not ECDSA P-256, naming the file", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { writeFile } = await import("node:fs/promises");
    const path = join(dir, "rsa.key.pem");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await writeFile(path, privateKey.export({ type: "pkcs8", format: "pem" }));
    await expect(loadTransparencyKey({ dir, keyPemPath: path })).rejects.toThrow(
      `transparency log key ${path} must be an ECDSA P-256 key`,
    );
  });
});
