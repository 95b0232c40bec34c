#!/usr/bin/env node
// The entry behind `npm run demo`, `npm test` and `npm run bench`: works on a fresh clone with only
// Node 20 and npm. For `test` it first makes sure the Debian packages the tests need are there
// (installing them as root, else stopping with the command to run: scripts/system-deps.mjs), then it
// gets the pinned pnpm (through npx when it is not installed), installs the workspace when the
// lockfile changed since the last install, and runs the requested task.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSystemDeps } from "./system-deps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, "");

const TASKS = {
  demo: ["exec", "node", "server/bin/easel.mjs", "demo"],
  test: ["run", "test:all"],
  bench: ["run", "bench:run"],
  // The distributed-mode load test (Redis + API node + worker processes on loopback, bounded).
  "bench:load": ["run", "bench:run", "load"],
};

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { cwd: root, encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim() === pnpmVersion) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${pnpmVersion}`]];
}

function needsInstall() {
  const marker = join(root, "node_modules", ".modules.yaml");
  if (!existsSync(marker)) return true;
  return statSync(join(root, "pnpm-lock.yaml")).mtimeMs > statSync(marker).mtimeMs;
}

const task = process.argv[2];
if (!(task in TASKS)) {
  console.error(`usage: bootstrap.mjs ${Object.keys(TASKS).join("|")} [args…]`);
  process.exit(2);
}
// Before anything slow, so that a machine without them stops at once and no test runs half-equipped.
if (task === "test") {
  const status = ensureSystemDeps();
  if (status !== 0) process.exit(status);
}
const [pnpm, prefix] = pnpmCommand();
if (needsInstall()) {
  console.error(`installing the workspace with pnpm ${pnpmVersion}…`);
  const status = run(pnpm, [...prefix, "install", "--frozen-lockfile"]);
  if (status !== 0) process.exit(status);
}
process.exit(run(pnpm, [...prefix, ...TASKS[task], ...process.argv.slice(3)]));
