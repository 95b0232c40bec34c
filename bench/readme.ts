import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fillBlocks, loadResults, renderBenchReadme } from "./lib/readme-figures.js";

// `pnpm bench:readme`: regenerates bench/README.md and the figure blocks of README.md from bench/results.
// `--check` writes nothing and exits 1 naming each file that differs (a figure typed by hand, or results
// committed without regenerating). `--root <dir>` reads and writes `<dir>/README.md`,
// `<dir>/bench/README.md` and `<dir>/bench/results` instead of this checkout's.

export function writeReadmes(root: string, check: boolean): string[] {
  const suites = loadResults(join(root, "bench", "results"));
  const files: [string, (text: string) => string][] = [
    [join(root, "bench", "README.md"), () => renderBenchReadme(suites)],
    [join(root, "README.md"), (text) => fillBlocks(text, suites)],
  ];
  const stale: string[] = [];
  for (const [path, render] of files) {
    const text = readFileSync(path, "utf8");
    const wanted = render(text);
    if (wanted === text) continue;
    stale.push(path);
    if (!check) writeFileSync(path, wanted);
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const rootAt = args.indexOf("--root");
  const root = rootAt >= 0 ? (args[rootAt + 1] as string) : fileURLToPath(new URL("..", import.meta.url));
  let stale: string[];
  try {
    stale = writeReadmes(root, check);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  for (const path of stale)
    process.stderr.write(
      check
        ? `${path} does not match bench/results: its figures are generated; run \`npm run bench:readme\`\n`
        : `regenerated ${path}\n`,
    );
  if (check && stale.length > 0) process.exit(1);
}
