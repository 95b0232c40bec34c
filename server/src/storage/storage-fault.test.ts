import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { storageFault, storageUnavailable } from "./storage-fault.js";

describe("storageFault", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("recognises a read-only SQLite database from the driver's own error, also wrapped", () => {
    const dir = mkdtempSync(join(tmpdir(), "easel-fault-"));
    dirs.push(dir);
    const file = join(dir, "x.sqlite");
    new Database(file).exec("CREATE TABLE t (x)");
    const readonly = new Database(file, { readonly: true });
    let error: unknown;
    try {
      readonly.exec("INSERT INTO t VALUES (1)");
    } catch (caught) {
      error = caught;
    } finally {
      readonly.close();
    }
    expect(storageFault(error)).toEqual({ where: "database", reason: "is read-only", code: "SQLITE_READONLY" });
    // drizzle wraps driver errors in "Failed query: …" with the original as the cause.
    expect(storageFault(new Error("Failed query: insert …", { cause: error }))?.code).toBe("SQLITE_READONLY");
  });

  it("maps a full blob store to 503 storage_unavailable with Retry-After, and leaves other errors alone", async () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const problem = storageUnavailable(storageFault(full) as NonNullable<ReturnType<typeof storageFault>>);
    expect(problem).toMatchObject({ code: "storage_unavailable", status: 503, retryable: true });
    expect(problem.message).toBe("the server's blob store is full (ENOSPC); nothing was stored. Try again later");
    expect(problem.headers["retry-after"]).toBe("30");
    // A path that is not a directory is a bug or bad input, not full storage.
    const dir = mkdtempSync(join(tmpdir(), "easel-fault-"));
    dirs.push(dir);
    await writeFile(join(dir, "file"), "x");
    const notDir = await writeFile(join(dir, "file", "child"), "x").catch((e: unknown) => e);
    expect((notDir as NodeJS.ErrnoException).code).toBe("ENOTDIR");
    expect(storageFault(notDir)).toBeNull();
    expect(storageFault(new Error("plain"))).toBeNull();
    expect(storageFault("not an error")).toBeNull();
  });
});
