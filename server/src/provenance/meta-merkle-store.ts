// The transparency log kept in the metadata database (SQLite or PostgreSQL), shared by every API node.
// `MerkleLog` is synchronous over a `MerkleStore`; the database is not. Which stored nodes an operation
// reads depends only on the tree size and the indices involved, never on hash values, so each operation
// first runs dry against a store that records the nodes asked for and answers with placeholders; those
// nodes are then fetched in one query and the same operation runs for real over them.
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { first, type MetaDb, type Q } from "../db/meta-db.js";
import { type AppendedLeaf, MerkleLog } from "./merkle-log.js";
import type { MerkleNode, MerkleStore } from "./merkle-store.js";

/** Rows per multi-row insert: 3 bound parameters each, far below SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK = 500;

const PLACEHOLDER = new Uint8Array(32);

function keyOf(level: number, index: number): string {
  return `${level}:${index}`;
}

/** A dry-run store of a fixed size: records the stored nodes read (not those appended during the run). */
class RecordingStore implements MerkleStore {
  /** level → indices of the stored nodes the operation reads. */
  readonly wanted = new Map<number, Set<number>>();
  readonly #appended = new Set<string>();
  #size: number;

  constructor(size: number) {
    this.#size = size;
  }

  size(): number {
    return this.#size;
  }

  getNode(level: number, index: number): Uint8Array {
    if (!this.#appended.has(keyOf(level, index))) {
      const indices = this.wanted.get(level) ?? new Set<number>();
      this.wanted.set(level, indices.add(index));
    }
    return PLACEHOLDER;
  }

  putNodes(nodes: MerkleNode[]): void {
    for (const node of nodes) {
      this.#appended.add(keyOf(node.level, node.index));
      if (node.level === 0) this.#size++;
    }
  }
}

/** The nodes fetched for one operation at a fixed tree size, plus the nodes it appends (to be written). */
class LoadedStore implements MerkleStore {
  readonly appended: MerkleNode[] = [];
  #size: number;

  constructor(
    size: number,
    private readonly nodes: Map<string, Uint8Array>,
  ) {
    this.#size = size;
  }

  size(): number {
    return this.#size;
  }

  getNode(level: number, index: number): Uint8Array {
    const hash = this.nodes.get(keyOf(level, index));
    // Every node the dry run asked for was loaded (or the load failed), so this is a caller's mistake.
    if (!hash) throw new Error(`transparency log node (${level}, ${index}) was not loaded: name the call in \`uses\``);
    return hash;
  }

  putNodes(nodes: MerkleNode[]): void {
    for (const node of nodes) {
      const key = keyOf(node.level, node.index);
      if (this.nodes.has(key)) throw new Error(`merkle node (${node.level}, ${node.index}) is already stored`);
      this.nodes.set(key, node.hash);
      this.appended.push(node);
      if (node.level === 0) this.#size++;
    }
  }
}

/** Appends leaves, in order, inside the surrounding transaction. */
export type AppendLeaves = (leaves: Uint8Array[]) => Promise<AppendedLeaf[]>;

/**
 * The transparency log in the `merkle_nodes` table. Appends run in a serializable transaction that
 * reads the current size, so appenders on any number of API nodes get distinct, contiguous leaf
 * indices: of two racing appends only one commits (`MetaDb.tx` runs the other again), and the
 * primary key (level, idx) forbids writing a node twice. Within one process appends take turns, so
 * the only races are between nodes.
 */
export class MetaMerkleLog {
  #turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: MetaDb) {}

  /** Number of leaves in the log now. */
  size(): Promise<number> {
    return this.db.run((q) => this.#sizeIn(q));
  }

  /**
   * A read-only MerkleLog of the tree as it is now, holding exactly the nodes that `uses` reads: call
   * the same methods on it afterwards (a call it did not make throws). Nodes never change once written,
   * so a view stays valid however long it is kept.
   */
  view(uses: (log: MerkleLog) => void): Promise<MerkleLog> {
    return this.db.run(async (q) => {
      const size = await this.#sizeIn(q);
      const dry = new RecordingStore(size);
      uses(new MerkleLog(dry));
      return new MerkleLog(new LoadedStore(size, await this.#load(q, dry.wanted)));
    });
  }

  /** Runs `compute` over a view of the log as it is now (`compute` also runs once dry, on placeholders). */
  async read<T>(compute: (log: MerkleLog) => T): Promise<T> {
    return compute(await this.view(compute));
  }

  /** Appends one leaf. */
  async append(leaf: Uint8Array): Promise<AppendedLeaf> {
    const [appended] = await this.transaction((_q, append) => append([leaf]));
    if (!appended) throw new Error("appending a leaf returned nothing");
    return appended;
  }

  /**
   * Runs `work` as one transaction in which `append` adds leaves to the log, so that what `work` records
   * about them (e.g. a manifest's log index) commits with them or not at all. `work` must only touch
   * the database: on PostgreSQL it runs again when another node appended first.
   */
  transaction<T>(work: (q: Q, append: AppendLeaves) => Promise<T>): Promise<T> {
    const run = () => this.db.tx((q) => work(q, (leaves) => this.#appendIn(q, leaves)));
    const result = this.#turn.then(run, run);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  async #appendIn(q: Q, leaves: Uint8Array[]): Promise<AppendedLeaf[]> {
    if (leaves.length === 0) return [];
    const size = await this.#sizeIn(q);
    const dry = new RecordingStore(size);
    const dryLog = new MerkleLog(dry);
    for (const leaf of leaves) dryLog.append(leaf);
    const store = new LoadedStore(size, await this.#load(q, dry.wanted));
    const log = new MerkleLog(store);
    const appended = leaves.map((leaf) => log.append(leaf));
    const { merkleNodes } = this.db.t;
    for (let at = 0; at < store.appended.length; at += INSERT_CHUNK) {
      const rows = store.appended
        .slice(at, at + INSERT_CHUNK)
        .map((node) => ({ level: node.level, idx: node.index, hash: Buffer.from(node.hash) }));
      await q.insert(merkleNodes).values(rows);
    }
    return appended;
  }

  /** The leaf count: the last leaf's index + 1 (a primary-key lookup; leaves are contiguous from 0). */
  async #sizeIn(q: Q): Promise<number> {
    const { merkleNodes } = this.db.t;
    const last = first(
      await q
        .select({ idx: merkleNodes.idx })
        .from(merkleNodes)
        .where(eq(merkleNodes.level, 0))
        .orderBy(desc(merkleNodes.idx))
        .limit(1),
    );
    return last === undefined ? 0 : last.idx + 1;
  }

  /** The wanted nodes in one query; a missing one means the stored log is corrupt. */
  async #load(q: Q, wanted: Map<number, Set<number>>): Promise<Map<string, Uint8Array>> {
    const nodes = new Map<string, Uint8Array>();
    if (wanted.size === 0) return nodes;
    const { merkleNodes } = this.db.t;
    const rows = await q
      .select()
      .from(merkleNodes)
      .where(
        or(
          ...[...wanted].map(([level, indices]) =>
            and(eq(merkleNodes.level, level), inArray(merkleNodes.idx, [...indices])),
          ),
        ),
      );
    for (const row of rows) nodes.set(keyOf(row.level, row.idx), new Uint8Array(row.hash));
    for (const [level, indices] of wanted) {
      for (const index of indices) {
        if (!nodes.has(keyOf(level, index))) {
          throw new Error(`transparency log store is missing node (${level}, ${index}); it is corrupt`);
        }
      }
    }
    return nodes;
  }
}
