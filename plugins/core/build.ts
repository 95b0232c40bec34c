import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// Bundles the core as one classic script (IIFE) that defines `globalThis.EaselPluginCore`, the form a
// host without ES modules loads. Written to out/ (gitignored) or a directory the caller names.
// Usage: pnpm exec tsx plugins/core/build.ts

const HERE = dirname(fileURLToPath(import.meta.url));

/** Builds the core bundle and returns its path. */
export async function buildCore(outDir = join(HERE, "out")): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, "plugin-core.js");
  await build({
    entryPoints: [join(HERE, "src/index.ts")],
    outfile,
    bundle: true,
    format: "iife",
    globalName: "EaselPluginCore",
    platform: "neutral",
    mainFields: ["module", "main"],
    // UXP 7 (Photoshop 24.4+) runs a modern V8; ES2020 keeps the output readable.
    target: "es2020",
    logLevel: "warning",
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildCore()}`);
}
