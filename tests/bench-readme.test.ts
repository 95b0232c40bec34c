import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// The READMEs' figures are generated from bench/results (bench/readme.ts); CI runs this check, so a figure
// typed by hand, or results committed without regenerating, fail here.

const root = fileURLToPath(new URL("..", import.meta.url));
const script = join(root, "bench", "readme.ts");

function check(at: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, "--check", "--root", at],
      { cwd: root },
      (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

/** A copy of the READMEs and results to edit. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), "easel-readme-"));
  cpSync(join(root, "bench", "results"), join(dir, "bench", "results"), { recursive: true });
  cpSync(join(root, "bench", "README.md"), join(dir, "bench", "README.md"));
  cpSync(join(root, "README.md"), join(dir, "README.md"));
  dirs.push(dir);
  return dir;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("README figures", () => {
  it("are what bench/readme.ts generates from the committed bench/results", async () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toMatch(/<!-- bench:start upscale\.4k\.fast_s /);
    expect(await check(root)).toEqual({ code: 0, stderr: "" });
  });

  it("fail the check when a figure in a README block is typed by hand", async () => {
    const dir = copy();
    const readme = join(dir, "README.md");
    const text = readFileSync(readme, "utf8");
    const edited = text.replace(
      /(\| `upscale\.4k\.best_s` \| )([0-9.]+)/,
      (_m, cell: string, v: string) => `${cell}${Number(v) / 2}`,
    );
    expect(edited).not.toBe(text);
    writeFileSync(readme, edited);
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${readme} does not match bench/results`);
  });

  it("fail the check when bench/README.md is edited or the results change without regenerating", async () => {
    const dir = copy();
    const benchReadme = join(dir, "bench", "README.md");
    writeFileSync(
      benchReadme,
      readFileSync(benchReadme, "utf8").replace("| upscale-service |", "| upscale-service (fast!) |"),
    );
    expect((await check(dir)).stderr).toContain(`${benchReadme} does not match`);

    const fresh = copy();
    const results = join(fresh, "bench", "results", "upscale-service.json");
    writeFileSync(results, readFileSync(results, "utf8").replace('"measuredAt": "', '"measuredAt": "1'));
    const result = await check(fresh);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(fresh, "README.md"));
  });

  it("names a figure a README block asks for that no results file has", async () => {
    const dir = copy();
    const readme = join(dir, "README.md");
    writeFileSync(
      readme,
      readFileSync(readme, "utf8").replace("<!-- bench:start upscale.4k.fast_s", "<!-- bench:start upscale.4k.warp_s"),
    );
    const result = await check(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("`upscale.4k.warp_s`, which no bench/results file has");
  });

  it("refuse a figure two results files both claim (a stale copy of a moved figure)", async () => {
    const dir = copy();
    const onnx = join(dir, "bench", "results", "upscale-onnx.json");
    const suite = JSON.parse(readFileSync(onnx, "utf8")) as { results: { id: string }[] };
    suite.results.push({ ...(suite.results[0] as { id: string }), id: "upscale.4k.best_s" });
    writeFileSync(onnx, JSON.stringify(suite));
    const result = await check(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "`upscale.4k.best_s` is in more than one bench/results file: upscale-onnx, upscale-service",
    );
  });
});
