/**
 * Builds the Figma plugin into `dist/`: `manifest.json`, `main.js` (main thread, Figma's sandbox) and
 * `ui.html` (the UI iframe with its script inlined; Figma loads the UI from one HTML string).
 * Run: `pnpm exec tsx plugins/figma/build.ts [--server-url https://easel.example.com] [--allow-domain https://…]…`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { createManifest, type FigmaManifest, networkAccessOf } from "./src/manifest/manifest.js";

const ROOT = dirname(fileURLToPath(import.meta.url));
/** Figma's main-thread sandbox runs ES2020 (BigInt literals in zod need it). */
const TARGET = "es2020";

export interface BuildOptions {
  serverUrl: string;
  /** More `networkAccess.allowedDomains` entries for servers designers may pick in Settings. */
  allowedDomains?: readonly string[];
  outDir?: string;
  minify?: boolean;
}

export interface BuildResult {
  outDir: string;
  manifest: FigmaManifest;
}

/** Bundles both threads and writes the plugin folder; returns where and the manifest written. */
export async function buildFigmaPlugin(options: BuildOptions): Promise<BuildResult> {
  const outDir = options.outDir ?? join(ROOT, "dist");
  const manifest = createManifest({
    serverUrl: options.serverUrl,
    ...(options.allowedDomains ? { allowedDomains: options.allowedDomains } : {}),
  });
  const minify = options.minify ?? true;
  mkdirSync(outDir, { recursive: true });
  const [main, ui] = await Promise.all([
    build({
      entryPoints: [join(ROOT, "src/main/code.ts")],
      bundle: true,
      write: false,
      format: "iife",
      target: TARGET,
      minify,
      define: {
        __EASEL_SERVER_URL__: JSON.stringify(options.serverUrl),
        // The main thread checks saved server URLs against it and hands it to the UI for its error wording.
        __EASEL_NETWORK_ACCESS__: JSON.stringify(networkAccessOf(manifest)),
      },
      logLevel: "silent",
    }),
    build({
      entryPoints: [join(ROOT, "src/ui/app.ts")],
      bundle: true,
      write: false,
      format: "iife",
      target: "es2022",
      minify,
      logLevel: "silent",
    }),
  ]);
  const uiScript = (ui.outputFiles[0]?.text ?? "").replaceAll("</script", "<\\/script");
  const template = readFileSync(join(ROOT, "src/ui/index.html"), "utf8");
  const [before, after] = template.split("<!-- script -->");
  if (after === undefined) throw new Error("src/ui/index.html lacks the <!-- script --> marker");
  writeFileSync(join(outDir, "main.js"), main.outputFiles[0]?.text ?? "");
  writeFileSync(join(outDir, "ui.html"), `${before}<script>${uiScript}</script>${after}`);
  writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, manifest };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function argValues(name: string): string[] {
  return process.argv.flatMap((arg, i) => (arg === name && process.argv[i + 1] ? [process.argv[i + 1] as string] : []));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const serverUrl = argValue("--server-url") ?? process.env.EASEL_FIGMA_SERVER_URL ?? "http://127.0.0.1:8787";
  const allowedDomains = [
    ...argValues("--allow-domain"),
    ...(process.env.EASEL_FIGMA_ALLOWED_DOMAINS ?? "").split(",").filter((d) => d.trim() !== ""),
  ];
  const result = await buildFigmaPlugin({ serverUrl, allowedDomains });
  console.log(`built ${result.outDir} for ${serverUrl}`);
}
