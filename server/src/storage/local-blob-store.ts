import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { access, link, readdir, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { publishAtomically } from "./atomic-publish.js";
import { BlobNotFoundError } from "./blob-errors.js";
import { assertSha256Hex, fanOutPath, isSha256Hex } from "./blob-name.js";
import { type BlobStore, sha256Hex } from "./blob-store.js";
import { probeDirWritable } from "./free-space.js";

/** `local` is a directory of this host; `shared` is the same layout on a mount several hosts write (NFS). */
export type LocalBlobStoreMode = "local" | "shared";

/**
 * Content-addressed blob store in a directory: a blob's name is the sha256 of its bytes, so writing the
 * same bytes twice is a no-op and a half-written blob is never visible (temp file + atomic publish).
 * Pointed at a shared mount it is safe with several writers: see `publishAtomically`.
 */
export class LocalBlobStore implements BlobStore {
  readonly root: string;
  readonly description: string;
  /** Inside the root so that publishing a temp file never crosses filesystems. */
  private readonly tmpDir: string;

  constructor(root: string, mode: LocalBlobStoreMode = "local") {
    this.root = root;
    this.description = `${mode} ${root}`;
    this.tmpDir = join(root, "tmp");
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Where the blob with this hash lives (two levels of fan-out keep directories small). */
  pathOf(sha256: string): string {
    return join(this.root, fanOutPath(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** Stores bytes and returns their hash; a `knownSha256` is trusted (not recomputed), so pass only a real one. */
  async put(bytes: Uint8Array, knownSha256?: string): Promise<string> {
    if (knownSha256 !== undefined) assertSha256Hex(knownSha256, "knownSha256");
    const sha256 = knownSha256 ?? (await sha256Hex(bytes));
    if (await this.touch(sha256)) return sha256;
    await publishAtomically(this.tmpDir, this.pathOf(sha256), bytes);
    return sha256;
  }

  /**
   * Marks an existing blob as just written (its mtime), so a collection running now keeps it for a
   * grace period; false when it is not there (or was just taken by a collection: write it again).
   */
  private async touch(sha256: string): Promise<boolean> {
    const now = new Date();
    try {
      await utimes(this.pathOf(sha256), now, now);
      return true;
    } catch (error) {
      // A store that refuses the touch (read-only) still holds the blob, and nothing collects there.
      return (error as NodeJS.ErrnoException).code !== "ENOENT";
    }
  }

  /** Every blob with its last write time (ms), for collection. */
  async *list(): AsyncGenerator<{ sha256: string; mtimeMs: number }> {
    for (const a of await subdirs(this.root)) {
      for (const b of await subdirs(join(this.root, a))) {
        for (const name of await readdir(join(this.root, a, b)).catch(() => [] as string[])) {
          if (!isSha256Hex(name) || name.slice(0, 2) !== a || name.slice(2, 4) !== b) continue;
          const info = await stat(join(this.root, a, b, name)).catch(() => null);
          if (info?.isFile()) yield { sha256: name, mtimeMs: info.mtimeMs };
        }
      }
    }
  }

  /**
   * Deletes a blob unless it was written (or touched by a `put`) at or after `cutoffMs`; true when
   * deleted. Safe against a concurrent `put` of the same bytes: the blob is first moved aside, so a
   * `put` either touched it before (seen here, and it is moved back) or finds it gone and writes it anew.
   */
  async removeIfOlder(sha256: string, cutoffMs: number): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    const aside = join(this.tmpDir, `gc.${sha256}.${randomBytes(4).toString("hex")}`);
    try {
      await rename(this.pathOf(sha256), aside);
    } catch {
      return false; // gone already (another collector) or not movable: nothing to do
    }
    const info = await stat(aside);
    if (info.mtimeMs >= cutoffMs) {
      await link(aside, this.pathOf(sha256)).catch(() => undefined); // EEXIST: a put wrote it again
      await rm(aside, { force: true });
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  /** Deletes temp files older than `cutoffMs` (left by writers that died mid-write). */
  async removeTempOlder(cutoffMs: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      if (!name.endsWith(".tmp")) continue;
      const info = await stat(join(this.tmpDir, name)).catch(() => null);
      if (info && info.mtimeMs < cutoffMs) {
        await rm(join(this.tmpDir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async get(sha256: string): Promise<Buffer> {
    if (!isSha256Hex(sha256)) throw new BlobNotFoundError(sha256);
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(sha256, { cause: error });
      throw error; // EACCES, EIO and friends are not "missing" and must not be reported as such
    }
  }

  /** A flushed write in the store's temp dir and enough free space (readiness). */
  probeWritable(): Promise<void> {
    return probeDirWritable(this.tmpDir);
  }

  /** The blob file itself: readers may open it directly (it is never rewritten in place). */
  async localPath(sha256: string): Promise<string> {
    if (!(await this.has(sha256))) throw new BlobNotFoundError(sha256);
    return this.pathOf(sha256);
  }
}

/** The two-hex-digit fan-out directories under `dir`. */
async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)).map((e) => e.name);
}
