import { mkdirSync } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { publishAtomically } from "./atomic-publish.js";
import { BlobNotFoundError } from "./blob-errors.js";
import { assertSha256Hex, fanOutPath, isSha256Hex } from "./blob-name.js";
import { type BlobStore, sha256Hex } from "./blob-store.js";

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
    if (await this.has(sha256)) return sha256;
    await publishAtomically(this.tmpDir, this.pathOf(sha256), bytes);
    return sha256;
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

  /** The blob file itself: readers may open it directly (it is never rewritten in place). */
  async localPath(sha256: string): Promise<string> {
    if (!(await this.has(sha256))) throw new BlobNotFoundError(sha256);
    return this.pathOf(sha256);
  }
}
