import { randomBytes } from "node:crypto";
import { link, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Error codes from link(2) that mean "this filesystem has no hard links" (SMB, some FUSE mounts). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/**
 * Writes bytes to `target` so that readers see all of them or no file: the bytes go to a temp file in
 * `tmpDir` (on the same filesystem as `target`, so publishing is a metadata operation), are flushed,
 * then published. Safe when several processes or hosts publish the same content-addressed file at once.
 *
 * Publishing uses link(2), not rename(2): link fails with EEXIST instead of replacing a file that is
 * already there, so a reader on another NFS client that holds the existing blob open never has its
 * inode swapped away under it (which surfaces there as ESTALE). Where the filesystem has no hard
 * links we fall back to rename, which is still atomic and, for identical content, harmless locally.
 */
export async function publishAtomically(tmpDir: string, target: string, bytes: Uint8Array): Promise<void> {
  // pid + 48 random bits: unique across processes on one host and, in practice, across hosts sharing a mount.
  const temp = join(tmpDir, `${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  await mkdir(dirname(target), { recursive: true });
  try {
    await writeFile(temp, bytes, { flush: true });
    try {
      await link(temp, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "EEXIST") return; // someone else published the same bytes first: theirs is as good as ours
      if (!NO_HARD_LINKS.has(code)) throw error;
      await rename(temp, target);
    }
  } finally {
    await rm(temp, { force: true });
  }
}
