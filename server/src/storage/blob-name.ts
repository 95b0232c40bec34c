import { join } from "node:path";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a well-formed blob name: a sha256 as 64 lowercase hex digits (nothing else can name a file or key). */
export function isSha256Hex(name: string): boolean {
  return SHA256_HEX.test(name);
}

/** Rejects a caller-supplied hash before it becomes a path or key, naming the bad value. */
export function assertSha256Hex(name: string, field: string): void {
  if (!isSha256Hex(name)) throw new RangeError(`${field} must be 64 lowercase hex digits (a sha256), got '${name}'`);
}

/** The blob's place under a root: two levels of fan-out (`ab/cd/abcd…`) keep directories and listings small. */
export function fanOutPath(sha256: string): string {
  return join(sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** The same fan-out as an object key (always `/`, whatever the platform's separator). */
export function fanOutKey(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
