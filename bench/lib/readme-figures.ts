import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResult } from "./suite.js";

// The READMEs' figures come from bench/results and nowhere else (shared/DESIGN.md §9: never edit a figure
// by hand): bench/README.md is generated whole, and README.md carries generated blocks
//   <!-- bench:start id1 id2 … -->
//   …generated table…
//   <!-- bench:end -->
// that `pnpm bench:readme` (and every `pnpm bench`) refills; `pnpm bench:readme --check` fails on a difference.

/** One `bench/results/<suite>.json` (format: shared/DESIGN.md §9). */
export interface SuiteFile {
  suite: string;
  measuredAt: string;
  machine: string;
  results: BenchResult[];
}

/** Every suite file in `dir`, by file name. */
export function loadResults(dir: string): SuiteFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as SuiteFile);
}

/** bench/README.md: every figure of every suite. */
export function renderBenchReadme(suites: readonly SuiteFile[]): string {
  const lines = [
    "# Benchmarks",
    "",
    "Run with `npm run bench` (all suites) or `npm run bench -- <suite>`; figures are written by `bench/run.ts` to",
    "`bench/results/<suite>.json` and this table is regenerated from them (as are the figure blocks in the top",
    "README: `npm run bench:readme`). Values are medians of several runs; ratios compare against a baseline",
    "measured in the same run. Never edit a figure by hand.",
    "",
    "| suite | id | value | unit | target | baseline | ratio | measured | note |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const suite of suites) {
    for (const r of suite.results) {
      const baseline = r.baseline ? `${r.baseline.id} = ${r.baseline.value}` : "";
      lines.push(
        `| ${suite.suite} | \`${r.id}\` | ${r.value} | ${r.unit} | ${r.target ?? ""} | ${baseline} | ${r.ratio ?? ""} | ${suite.measuredAt.slice(0, 10)} | ${r.note ?? ""} |`,
      );
    }
  }
  lines.push("", "Machines:", ...suites.map((s) => `- ${s.suite}: ${s.machine}`), "");
  return lines.join("\n");
}

const BLOCK = /<!-- bench:start ([^>]*?) -->\n[\s\S]*?<!-- bench:end -->/g;

/** The table a block of these ids shows: value, target, baseline and ratio, where and when measured. */
export function renderBlock(ids: readonly string[], suites: readonly SuiteFile[]): string {
  const lines = ["| figure | value | target | against | runs | measured |", "|---|---|---|---|---|---|"];
  for (const id of ids) {
    const holders = suites.filter((s) => s.results.some((r) => r.id === id));
    const suite = holders[0];
    const r = suite?.results.find((x) => x.id === id);
    if (!suite || !r) throw new Error(`README figure block names \`${id}\`, which no bench/results file has`);
    if (holders.length > 1) {
      throw new Error(`\`${id}\` is in more than one bench/results file: ${holders.map((s) => s.suite).join(", ")}`);
    }
    const against = r.baseline
      ? `\`${r.baseline.id}\` = ${r.baseline.value}${r.ratio !== undefined ? ` (ratio ${r.ratio})` : ""}`
      : "";
    lines.push(
      `| \`${id}\` | ${r.value} ${r.unit} | ${r.target ?? ""} | ${against} | ${r.runs ?? ""} | ${suite.suite}, ${suite.measuredAt.slice(0, 10)} |`,
    );
  }
  return lines.join("\n");
}

/** `text` with every figure block refilled from `suites`. */
export function fillBlocks(text: string, suites: readonly SuiteFile[]): string {
  return text.replace(BLOCK, (_block, list: string) => {
    const ids = list.split(/[\s,]+/).filter(Boolean);
    if (ids.length === 0) throw new Error("a README figure block names no figures");
    return `<!-- bench:start ${ids.join(" ")} -->\n${renderBlock(ids, suites)}\n<!-- bench:end -->`;
  });
}
