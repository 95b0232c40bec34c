import { createHash } from "node:crypto";
import { fromBase64, fromHex, toHex, verifyInclusion } from "@easel/shared/transparency";
import { describe, expect, it } from "vitest";
import type { MetaDb } from "../db/meta-db.js";
import { DIALECTS, metaDbNodes } from "../db/testing/fresh-meta-db.js";
import { MerkleLog } from "./merkle-log.js";
import { MemoryMerkleStore } from "./merkle-store.js";
import { MetaMerkleLog } from "./meta-merkle-store.js";
import { CT_LEAVES, CT_ROOTS } from "./testing/ct-reference-tree.js";

const nodesOf = metaDbNodes();

/** A distinct 32-byte leaf, like the SHA-256 of a manifest store. */
function leaf(label: string): Uint8Array {
  return createHash("sha256").update(label).digest();
}

/** Every stored leaf hash in index order, and how many nodes each level holds. */
async function stored(db: MetaDb): Promise<{ leafIndices: number[]; nodes: number }> {
  const { merkleNodes } = db.t;
  const rows = await db.run((q) => q.select({ level: merkleNodes.level, idx: merkleNodes.idx }).from(merkleNodes));
  const leafIndices = rows
    .filter((r) => r.level === 0)
    .map((r) => r.idx)
    .sort((a, b) => a - b);
  return { leafIndices, nodes: rows.length };
}

describe.each(DIALECTS)("MetaMerkleLog on %s", (dialect) => {
  it("gives the Certificate Transparency reference roots, and the same proofs as the in-memory log for every size up to 24", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    const log = new MetaMerkleLog(db);
    expect(toHex(await log.read((l) => l.root()))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    for (const [i, hex] of CT_LEAVES.entries()) {
      expect(await log.append(fromHex(hex))).toMatchObject({ index: i, treeSize: i + 1 });
      expect(toHex(await log.read((l) => l.root()))).toBe(CT_ROOTS[i]);
    }
    const memory = new MerkleLog(new MemoryMerkleStore());
    for (const hex of CT_LEAVES) memory.append(fromHex(hex));
    for (let i = CT_LEAVES.length; i < 24; i++) {
      await log.append(leaf(`leaf ${i}`));
      memory.append(leaf(`leaf ${i}`));
    }
    expect(await log.size()).toBe(24);
    for (let size = 1; size <= 24; size++) {
      const fromDb = await log.read((l) => ({
        root: l.root(size),
        inclusion: Array.from({ length: size }, (_, index) => l.inclusionProof(index, size)),
        consistency: Array.from({ length: size }, (_, first) => l.consistencyProof(first + 1, size)),
      }));
      expect(toHex(fromDb.root)).toBe(toHex(memory.root(size)));
      expect(fromDb.inclusion).toEqual(Array.from({ length: size }, (_, index) => memory.inclusionProof(index, size)));
      expect(fromDb.consistency).toEqual(
        Array.from({ length: size }, (_, first) => memory.consistencyProof(first + 1, size)),
      );
    }
  });

  it("a view answers the calls it named and refuses others, instead of reading a wrong node", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    const log = new MetaMerkleLog(db);
    for (let i = 0; i < 7; i++) await log.append(leaf(`v${i}`));
    const view = await log.view((l) => l.inclusionProof(2));
    expect(view.size()).toBe(7);
    expect(view.inclusionProof(2).hashes).toHaveLength(3);
    expect(() => view.inclusionProof(5)).toThrow(/was not loaded/);
    // A view keeps its size while the log grows.
    await log.append(leaf("v7"));
    expect(view.inclusionProof(2).treeSize).toBe(7);
    expect(await log.size()).toBe(8);
  });

  it("an append in a transaction that fails leaves no trace", async () => {
    const [db] = (await nodesOf(dialect)) as [MetaDb];
    const log = new MetaMerkleLog(db);
    await log.append(leaf("kept"));
    const failed = log.transaction(async (_q, append) => {
      await append([leaf("lost 1"), leaf("lost 2"), leaf("lost 3")]);
      throw new Error("the rest of the transaction failed");
    });
    await expect(failed).rejects.toThrow(/rest of the transaction/);
    expect(await stored(db)).toEqual({ leafIndices: [0], nodes: 1 });
    expect(await log.append(leaf("next"))).toMatchObject({ index: 1, treeSize: 2 });
  });

  it("concurrent appenders (4 API nodes; on SQLite, 4 callers in its one node) get each index exactly once, and the tree is the one their order gives", async () => {
    const nodes = await nodesOf(dialect, 4);
    const perNode = 8;
    const results = await Promise.all(
      nodes.map((db, n) => {
        // One log object per API node, as ProvenanceService holds it.
        const log = new MetaMerkleLog(db);
        return Promise.all(
          Array.from({ length: perNode }, async (_, i) => {
            const value = leaf(`node ${n} leaf ${i}`);
            return { value, appended: await log.append(value) };
          }),
        );
      }),
    );
    const all = results.flat();
    const total = nodes.length * perNode;
    expect(all.map((r) => r.appended.index).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    const [first] = nodes as [MetaDb];
    expect((await stored(first)).leafIndices).toEqual(Array.from({ length: total }, (_, i) => i));

    // Rebuilt in memory in index order, the log has the same root; every leaf proves its inclusion.
    const memory = new MerkleLog(new MemoryMerkleStore());
    for (const r of [...all].sort((a, b) => a.appended.index - b.appended.index)) memory.append(r.value);
    const log = new MetaMerkleLog(first);
    const root = await log.read((l) => l.root());
    expect(toHex(root)).toBe(toHex(memory.root()));
    const proofs = await log.read((l) => all.map((r) => l.inclusionProof(r.appended.index)));
    for (const [i, proof] of proofs.entries()) {
      const { appended } = all[i] as (typeof all)[number];
      const ok = await verifyInclusion(
        appended.leafHash,
        proof.leafIndex,
        proof.treeSize,
        proof.hashes.map(fromBase64),
        root,
      );
      expect(ok).toBe(true);
    }
  });
});
