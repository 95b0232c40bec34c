import { randomBytes } from "node:crypto";
import { rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Below this much free space a store is reported full: an output or an upload would not fit anyway. */
export const MIN_FREE_BYTES = 1024 * 1024;

/**
 * Throws (with the errno an actual write would meet) unless `dir` takes a small flushed write and its
 * filesystem has at least MIN_FREE_BYTES free: a full disk, a read-only mount and a refused directory
 * all fail here, as they would for the next real write.
 */
export async function probeDirWritable(dir: string): Promise<void> {
  const probe = join(dir, `.probe.${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(probe, "probe", { flush: true });
  } finally {
    await rm(probe, { force: true });
  }
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (free < MIN_FREE_BYTES) {
    throw Object.assign(new Error(`${dir}: only ${free} bytes free`), { code: "ENOSPC" });
  }
}
