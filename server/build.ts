/**
 * Compiles the service to plain JavaScript: `server/src` → `server/dist` and `shared/src` →
 * `shared/dist`, file for file (no bundling), so that every `import.meta.url`-relative path
 * (migrations, calibration data, worker entry, fixtures) resolves exactly as it does from the
 * sources: `dist/` sits at the same depth as `src/`. Node then runs the service without tsx's
 * loader — no hooks thread per process and per worker thread, which is most of a start-up's CPU.
 *
 * Run the result with the `easel-built` export condition, which points `@easel/shared` at its
 * compiled copy: `node --conditions=easel-built server/dist/cli/main.js serve`.
 * Build: `pnpm --filter @easel/server build` (the test run builds it once in its global setup).
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The export condition that selects compiled packages (see shared/package.json). */
export const BUILT_CONDITION = "easel-built";

/** The compiled CLI entry: running it runs the command named in its arguments. */
export const BUILT_CLI = join(REPO, "server", "dist", "cli", "main.js");

/** `node` arguments that run the compiled CLI. */
export function builtCliArgs(args: string[]): string[] {
  return [`--conditions=${BUILT_CONDITION}`, BUILT_CLI, ...args];
}

const PACKAGES = ["server", "shared"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Whether a source file belongs to the running service (tests and their fixtures do not). */
function isServiceFile(path: string): boolean {
  return !/\.test\.(ts|mjs)$/.test(path) && !path.includes(`${join("src", "provenance", "fixtures")}`);
}

/** A fingerprint of the sources (paths, sizes, modification times): equal means nothing to rebuild. */
function stampOf(files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest("hex");
}

const STAMP = ".sources-stamp";

/**
 * Compiles one package into its `dist/`, unless `dist/` already holds these sources' build. The new
 * build is written beside it and swapped in, so a process starting from `dist/` while another test
 * run rebuilds never sees a half-written folder.
 */
async function buildPackage(pkg: string): Promise<void> {
  const src = join(REPO, pkg, "src");
  const dist = join(REPO, pkg, "dist");
  const files = walk(src).filter(isServiceFile);
  const stamp = stampOf(files);
  if (existsSync(join(dist, STAMP)) && readFileSync(join(dist, STAMP), "utf8") === stamp) return;
  const next = `${dist}.${process.pid}.${Date.now()}`;
  await build({
    entryPoints: files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
    outdir: next,
    outbase: src,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
  });
  // Data the code reads next to itself (e.g. the int8 calibration table).
  for (const file of files.filter((f) => f.endsWith(".json"))) cpSync(file, join(next, relative(src, file)));
  writeFileSync(join(next, STAMP), stamp);
  const old = `${next}.old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}

/** Compiles both packages into their `dist/` folders (a no-op when they are up to date). */
export async function buildServer(): Promise<void> {
  await Promise.all(PACKAGES.map(buildPackage));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer();
