import {
  ConsistencyProof,
  fromBase64,
  fromHex,
  InclusionProof,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "@easel/shared/transparency";
import { describe, expect, it } from "vitest";
import { MerkleLog } from "./merkle-log.js";
import { MemoryMerkleStore } from "./merkle-store.js";
import { CT_LEAVES, CT_ROOTS } from "./testing/ct-reference-tree.js";

function logOf(count: number): MerkleLog {
  const log = new MerkleLog(new MemoryMerkleStore());
  for (let i = 0; i < count; i++) log.append(Uint8Array.of(i & 0xff, i >> 8, 7));
  return log;
}

describe("MerkleLog", () => {
  it("produces the Certificate Transparency reference roots for every size, old sizes included", () => {
    const log = new MerkleLog(new MemoryMerkleStore());
    expect(toHex(log.root())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CT_LEAVES.forEach((leaf, i) => {
      const appended = log.append(fromHex(leaf));
      expect(appended).toMatchObject({ index: i, treeSize: i + 1 });
      expect(toHex(log.root())).toBe(CT_ROOTS[i]);
    });
    for (const [i, root] of CT_ROOTS.entries()) expect(toHex(log.root(i + 1))).toBe(root);
  });

  it("matches the published inclusion and consistency proofs of the reference tree", () => {
    const log = new MerkleLog(new MemoryMerkleStore());
    for (const leaf of CT_LEAVES) log.append(fromHex(leaf));
    const hex = (hashes: string[]) => hashes.map((h) => toHex(fromBase64(h)));
    expect(hex(log.inclusionProof(5, 8).hashes)).toEqual([
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]);
    expect(hex(log.consistencyProof(6, 7).hashes)).toEqual([
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]);
    expect(hex(log.consistencyProof(2, 5).hashes)).toEqual([
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]);
  });

  it("gives inclusion proofs that the browser-side verifier accepts for every leaf of every tree size up to 40", async () => {
    const log = logOf(40);
    for (let size = 1; size <= 40; size++) {
      const root = log.root(size);
      for (let index = 0; index < size; index++) {
        const proof = InclusionProof.parse(log.inclusionProof(index, size));
        const ok = await verifyInclusion(
          fromBase64(proof.leafHash),
          proof.leafIndex,
          proof.treeSize,
          proof.hashes.map(fromBase64),
          root,
        );
        if (!ok) throw new Error(`inclusion proof of ${index} in ${size} failed`);
      }
    }
  });

  it("gives consistency proofs the verifier accepts for every pair of sizes up to 40, and rewritten history fails", async () => {
    const log = logOf(40);
    for (let size2 = 1; size2 <= 40; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        const proof = ConsistencyProof.parse(log.consistencyProof(size1, size2));
        const ok = await verifyConsistency(
          size1,
          size2,
          log.root(size1),
          log.root(size2),
          proof.hashes.map(fromBase64),
        );
        if (!ok) throw new Error(`consistency proof ${size1} -> ${size2} failed`);
      }
    }
    // A log that rewrote leaf 3 after publishing the 10-leaf head cannot prove the old head consistent.
    const rewritten = new MerkleLog(new MemoryMerkleStore());
    for (let i = 0; i < 40; i++) rewritten.append(Uint8Array.of(i === 3 ? 99 : i & 0xff, i >> 8, 7));
    const forged = rewritten.consistencyProof(10, 40).hashes.map(fromBase64);
    expect(await verifyConsistency(10, 40, log.root(10), rewritten.root(40), forged)).toBe(false);
  });

  it("refuses proofs for sizes the log has not reached and never rewrites a stored node", () => {
    const log = logOf(5);
    expect(() => log.inclusionProof(5, 5)).toThrow(/index must be an integer from 0 to 4/);
    expect(() => log.consistencyProof(2, 6)).toThrow(/size2 must be an integer from 0 to 5/);
    expect(() => log.store.putNodes([{ level: 0, index: 1, hash: new Uint8Array(32) }])).toThrow(/already stored/);
  });
});
