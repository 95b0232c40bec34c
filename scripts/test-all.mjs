#!/usr/bin/env node
// `pnpm test:all` (what `npm test` runs after its checks): the type check (`tsc -b`), the lint
// (`biome check`) and the test suite (vitest), then one closing count line (scripts/test-summary.mjs).
//
// The type check and lint run beside vitest rather than before it: `tsc -b` holds one core for most of a
// minute, and vitest's first minute (building the service, starting servers) leaves a core to spare on a
// 2-core machine. Their output is held and printed once they finish, so it never interleaves with
// vitest's. Failing fast is kept: when either fails, vitest is stopped at once and their errors end the
// log; the run fails.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const REPORT = ".tmp/vitest.json";

/** Runs a command with its output held; resolves to its exit code and output. */
function held(label, command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) => resolve({ label, code: 1, output: `${label}: ${error.message}\n` }));
    child.on("close", (code, signal) =>
      resolve({ label, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() }),
    );
  });
}

/** Runs a command with the terminal as its output; resolves to its exit code. */
function shown(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", ...options });
    child.on("error", (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    shown.current = child;
  });
}

mkdirSync(join(root, ".tmp"), { recursive: true });
const checks = [held("tsc -b", bin("tsc"), ["-b"]), held("biome check", bin("biome"), ["check", "."])];
const vitest = shown(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${REPORT}`], {
  detached: true, // its own process group, so a failed check can stop it and the servers it started
});

/** Signals vitest's process group (it is detached, so a terminal's Ctrl-C reaches it only through here). */
function stopVitest(signal) {
  try {
    if (shown.current?.pid) process.kill(-shown.current.pid, signal);
  } catch {
    // already gone
  }
}
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    interrupted = true;
    stopVitest(signal);
  });
}

let checkFailed = false;
const checked = Promise.all(
  checks.map((check) =>
    check.then((result) => {
      if (result.code !== 0 && !checkFailed && !interrupted) {
        checkFailed = true;
        // Vitest stops its servers on SIGTERM (tests/support/global-setup.ts reaps the run's registry).
        stopVitest("SIGTERM");
      }
      return result;
    }),
  ),
);

const [results, vitestCode] = await Promise.all([checked, vitest]);
if (interrupted) {
  console.log("Interrupted: the test run was stopped.");
  process.exit(130);
}
for (const result of results) {
  if (result.code === 0) {
    console.log(`${result.label}: passed`);
  } else {
    process.stdout.write(`\n${result.label} failed:\n${result.output}`);
  }
}
if (checkFailed) {
  console.log("The type check or lint failed (above); the test run was stopped.");
  process.exit(1);
}
const summary = await shown(process.execPath, [join(root, "scripts", "test-summary.mjs"), REPORT]);
process.exit(vitestCode !== 0 ? vitestCode : summary);
