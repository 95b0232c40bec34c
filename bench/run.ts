import { readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SuiteFile } from "./lib/readme-figures.js";
import type { BenchSuite } from "./lib/suite.js";
import { writeReadmes } from "./readme.js";

// `pnpm bench [suite…]`: runs the suites in bench/suites (all, or the named ones), writes
// bench/results/<suite>.json (format: shared/DESIGN.md §9) and regenerates bench/README.md and the figure
// blocks of README.md from them.

const here = fileURLToPath(new URL(".", import.meta.url));
const suitesDir = join(here, "suites");
const resultsDir = join(here, "results");

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

async function main(names: string[]): Promise<void> {
  const files = readdirSync(suitesDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .filter((f) => names.length === 0 || names.includes(basename(f, ".ts")));
  if (files.length === 0) throw new Error(`no suite named ${names.join(", ")} in ${suitesDir}`);
  for (const file of files) {
    const suite = (await import(join(suitesDir, file))).default as BenchSuite;
    process.stderr.write(`bench ${suite.name}…\n`);
    const started = performance.now();
    const results = await suite.run();
    const out: SuiteFile = { suite: suite.name, measuredAt: new Date().toISOString(), machine: machine(), results };
    writeFileSync(join(resultsDir, `${suite.name}.json`), `${JSON.stringify(out, null, 2)}\n`);
    process.stderr.write(
      `bench ${suite.name}: ${results.length} figures in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    for (const r of results)
      process.stderr.write(`  ${r.id} = ${r.value} ${r.unit}${r.target ? ` (target ${r.target})` : ""}\n`);
  }
  // bench/README.md and the figure blocks of README.md follow the results (bench/readme.ts).
  writeReadmes(join(here, ".."), false);
}

await main(process.argv.slice(2));
