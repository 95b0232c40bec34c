import { AppError } from "../errors/app-error.js";

/** errno codes of a filesystem that cannot take writes now: the service's storage, never the request. */
const FILESYSTEM: Record<string, string> = {
  ENOSPC: "is full",
  EDQUOT: "is over its disk quota",
  EROFS: "is read-only",
  EACCES: "refuses writes (permission denied)",
  EPERM: "refuses writes (operation not permitted)",
  EIO: "had an I/O error",
};

/** SQLite result codes (better-sqlite3 puts them in `code`), by prefix: extended codes share the primary's. */
const SQLITE: [prefix: string, reason: string][] = [
  ["SQLITE_FULL", "is full"],
  ["SQLITE_READONLY", "is read-only"],
  ["SQLITE_IOERR", "had an I/O error"],
  ["SQLITE_CANTOPEN", "cannot be opened"],
];

/** PostgreSQL SQLSTATEs of the same kind (class 53 insufficient resources; a read-only transaction). */
const POSTGRES: Record<string, string> = {
  "53100": "is full",
  "53200": "is out of memory",
  "53300": "has too many connections",
  "25006": "is read-only",
};

export interface StorageFault {
  where: "blob store" | "database";
  reason: string;
  code: string;
}

/**
 * Recognises an error that means the blob store or the database cannot store anything now (full,
 * read-only, refused, failing), also when wrapped (drizzle and our own errors keep the cause).
 */
export function storageFault(error: unknown): StorageFault | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    const fs = FILESYSTEM[code];
    if (fs) return { where: "blob store", reason: fs, code };
    const sqlite = SQLITE.find(([prefix]) => code.startsWith(prefix));
    if (sqlite) return { where: "database", reason: sqlite[1], code };
    const pg = POSTGRES[code];
    if (pg) return { where: "database", reason: pg, code };
  }
  return null;
}

/** How long clients should wait before trying again after a storage fault (s). */
export const STORAGE_RETRY_AFTER_S = 30;

/** The domain error for a storage fault: 503 with Retry-After, naming what is wrong but no paths. */
export function storageUnavailable(fault: StorageFault): AppError {
  return new AppError(
    "storage_unavailable",
    `the server's ${fault.where} ${fault.reason} (${fault.code}); nothing was stored. Try again later`,
    { retryable: true, headers: { "retry-after": String(STORAGE_RETRY_AFTER_S) } },
  );
}
