import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishAtomically } from "./atomic-publish.js";
import { LocalBlobStore } from "./local-blob-store.js";

const run = promisify(execFile);
const photo = readFileSync(new URL("../../../tests/fixtures/photos/forest-stream.png", import.meta.url));
const photoSha = createHash("sha256").update(photo).digest("hex");
/** tsx's loader, resolved from this package so the child processes can import the .ts store. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const storeModule = pathToFileURL(fileURLToPath(new URL("./local-blob-store.ts", import.meta.url))).href;

/** Every file under a directory, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe("LocalBlobStore on a directory shared by several writers", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "easel-shared-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("leaves one correct blob and no temp files when four processes put the same PNG at the same moment", async () => {
    const source = join(root, "..", `${root.split("/").at(-1)}-photo.png`);
    await writeFile(source, photo);
    // Each child waits for the same wall-clock instant, then fires 25 puts at once (no knownSha256, so it
    // hashes too), so the processes' has() checks all miss and their publishes race for real.
    const startAt = Date.now() + 1500;
    const child = `
      import { readFileSync } from "node:fs";
      const { LocalBlobStore } = await import(${JSON.stringify(storeModule)});
      const store = new LocalBlobStore(${JSON.stringify(root)}, "shared");
      const bytes = readFileSync(${JSON.stringify(source)});
      await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
      const names = await Promise.all(Array.from({ length: 25 }, () => store.put(new Uint8Array(bytes))));
      console.log(JSON.stringify({ pid: process.pid, names: [...new Set(names)] }));
    `;
    try {
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () =>
          run(process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", child], { timeout: 30_000 }),
        ),
      );
      const reports = outputs.map((o) => JSON.parse(o.stdout) as { pid: number; names: string[] });
      expect(new Set(reports.map((r) => r.pid)).size).toBe(4);
      for (const report of reports) expect(report.names).toEqual([photoSha]);
    } finally {
      await rm(source, { force: true });
    }
    const store = new LocalBlobStore(root, "shared");
    expect(await filesUnder(root)).toEqual([join(photoSha.slice(0, 2), photoSha.slice(2, 4), photoSha)]);
    expect((await readFile(store.pathOf(photoSha))).equals(photo)).toBe(true);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("keeps the first published file (same inode) when another writer publishes the same blob later", async () => {
    const store = new LocalBlobStore(root, "shared");
    await store.put(photo);
    const before = await stat(store.pathOf(photoSha));
    // What a racing writer on another host does after its has() missed: publish its own copy.
    await publishAtomically(join(root, "tmp"), store.pathOf(photoSha), photo);
    const after = await stat(store.pathOf(photoSha));
    expect(after.ino).toBe(before.ino); // a reader holding the original open is not cut off (no ESTALE on NFS)
    expect(await readdir(join(root, "tmp"))).toEqual([]);
    expect((await store.get(photoSha)).equals(photo)).toBe(true);
  });

  it("keeps its public root and the fan-out path of each blob", async () => {
    const store = new LocalBlobStore(root);
    await store.put(photo);
    expect(store.root).toBe(root);
    expect(store.pathOf(photoSha)).toBe(join(root, photoSha.slice(0, 2), photoSha.slice(2, 4), photoSha));
    expect(await store.localPath(photoSha)).toBe(store.pathOf(photoSha));
    expect(store.description).toBe(`local ${root}`);
  });
});
