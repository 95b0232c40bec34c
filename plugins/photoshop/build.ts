import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildManifest, networkDomain } from "./src/manifest/manifest.js";
import { panelHtml } from "./src/ui/panel-html.js";

// Builds the UXP plugin into dist/: manifest.json, index.html and the bundled index.js.
// Usage: pnpm exec tsx plugins/photoshop/build.ts
//   EASEL_SERVER_URL   the server the panel suggests until the user sets one (Settings)
//   EASEL_NETWORK_DOMAINS  comma-separated origins to lock the manifest to (default: all)

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SERVER_URL = "http://127.0.0.1:8787";

export interface BuildOptions {
  outDir?: string;
  serverUrl?: string;
  /** `requiredPermissions.network.domains`; default "all" (the server is chosen at run time). */
  domains?: "all" | string[];
  minify?: boolean;
}

/** Bundles one entry as a classic script for UXP (the same settings for the panel and for tests). */
export async function bundleScript(
  entry: string,
  outfile: string,
  options: { globalName?: string; minify?: boolean; define?: Record<string, string> } = {},
): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "iife",
    ...(options.globalName ? { globalName: options.globalName } : {}),
    platform: "browser",
    // UXP 7 runs a modern V8; ES2020 keeps optional chaining native and avoids down-levelling.
    target: "es2020",
    minify: options.minify ?? false,
    sourcemap: true,
    ...(options.define ? { define: options.define } : {}),
    logLevel: "warning",
  });
}

/** Builds the plugin and returns the output directory and the files written. */
export async function buildPlugin(options: BuildOptions = {}): Promise<{ outDir: string; files: string[] }> {
  const outDir = options.outDir ?? join(HERE, "dist");
  const serverUrl = options.serverUrl ?? process.env.EASEL_SERVER_URL ?? DEFAULT_SERVER_URL;
  networkDomain(serverUrl); // fail early on a malformed URL
  await mkdir(outDir, { recursive: true });
  await bundleScript(join(HERE, "src/ui/main.ts"), join(outDir, "index.js"), {
    minify: options.minify ?? false,
    define: { EASEL_SERVER_URL: JSON.stringify(serverUrl) },
  });
  await writeFile(join(outDir, "index.html"), panelHtml("index.js"));
  const locked = process.env.EASEL_NETWORK_DOMAINS?.split(",").map((d) => networkDomain(d.trim()));
  const manifest = buildManifest({ domains: options.domains ?? locked ?? "all", version: "0.1.0" });
  await writeFile(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, files: ["manifest.json", "index.html", "index.js"] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outDir } = await buildPlugin();
  console.log(`built ${outDir}`);
}
