import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, sep } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { RUN_REGISTRY_ENV, reapRegistry } from "./test-servers.js";

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const postgresModule = pathToFileURL(fileURLToPath(new URL("../db/pg/test-postgres.ts", import.meta.url))).href;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** A Node process that starts a throwaway PostgreSQL through the test harness, then idles. */
function holdPostgres(env: Record<string, string> = {}): {
  child: ChildProcess;
  started: Promise<{ pid: number; dataDir: string }>;
} {
  const code = `
    import pg from "pg";
    const { startPostgres } = await import(${JSON.stringify(postgresModule)});
    const server = await startPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query("SELECT current_setting('data_directory') AS dir");
    await client.end();
    console.log(JSON.stringify({ pid: server.pid, dataDir: rows[0].dir }));
    setInterval(() => {}, 60_000);
  `;
  const child = spawn(process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", code], {
    cwd: fileURLToPath(new URL(".", import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  const started = new Promise<{ pid: number; dataDir: string }>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}: ${errors.join("")}`)));
  });
  children.push(child);
  return { child, started };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls (every 50 ms, at most 20 s: a bound, not a speed requirement) until `pid` is gone. */
async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 400 && isRunning(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return !isRunning(pid);
}

describe("servers started for tests never outlive what started them", () => {
  it.each(["SIGKILL", "SIGTERM"] as const)("stops the PostgreSQL of a test process killed with %s", async (signal) => {
    const { child, started } = holdPostgres();
    const { pid, dataDir } = await started;
    expect(isRunning(pid)).toBe(true);
    child.kill(signal);
    expect(await waitUntilGone(pid)).toBe(true);
    // SIGTERM runs the process's handler, which also removes the data; after SIGKILL the kernel
    // kills the server (PR_SET_PDEATHSIG) and the run's registry removes the data at the end.
    if (signal === "SIGTERM") expect(existsSync(dataDir)).toBe(false);
  });

  it("reaps, at the end of a run, every server its registry lists, data included", async () => {
    const registry = mkdtempSync(join(tmpdir(), "easel-test-registry-"));
    try {
      const { started } = holdPostgres({ [RUN_REGISTRY_ENV]: registry });
      const { pid, dataDir } = await started;
      expect(readdirSync(registry)).toEqual([`${pid}.json`]);
      expect(await reapRegistry(registry)).toBe(1);
      expect(await waitUntilGone(pid)).toBe(true);
      expect(existsSync(dataDir)).toBe(false);
      expect(readdirSync(registry)).toEqual([]);
    } finally {
      rmSync(registry, { recursive: true, force: true });
    }
  });
});

describe("a service shared across test files", () => {
  it("is kept by the after-file stop, which stops the file's own servers, and killed when its process ends; so are their data dirs", async () => {
    // In a process of its own, as a test fork: one server of a file's own and one shared, then the after-file stop.
    const code = `
      import { spawn } from "node:child_process";
      import { existsSync } from "node:fs";
      const { scratchDir, startingShared, stopTestServers, trackServer } = await import(${JSON.stringify(pathToFileURL(fileURLToPath(new URL("./test-servers.ts", import.meta.url))).href)});
      const idle = () => {
        const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 60000)"], { stdio: "ignore" });
        const exited = new Promise((resolve) => child.once("exit", resolve));
        trackServer(child, { kind: "idle", stop: async () => { child.kill("SIGTERM"); await exited; } });
        return child;
      };
      const own = idle();
      const ownDir = scratchDir("easel-own-");
      const shared = await startingShared(async () => idle());
      const sharedDir = await startingShared(async () => scratchDir("easel-shared-"));
      await stopTestServers();
      const alive = (child) => child.exitCode === null && child.signalCode === null;
      console.log(JSON.stringify({
        ownAlive: alive(own), ownDir: existsSync(ownDir),
        shared: shared.pid, sharedAlive: alive(shared), sharedDir, sharedDirKept: existsSync(sharedDir),
      }));
      process.exit(0);
    `;
    const holder = spawn(process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(holder);
    const holderExited = new Promise<void>((resolve) => holder.once("exit", () => resolve()));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: holder.stdout as NodeJS.ReadableStream }).once("line", resolve);
      holder.once("exit", (exitCode) => reject(new Error(`holder exited with ${exitCode}`)));
    });
    const report = JSON.parse(line) as {
      ownAlive: boolean;
      ownDir: boolean;
      shared: number;
      sharedAlive: boolean;
      sharedDir: string;
      sharedDirKept: boolean;
    };
    expect(report).toMatchObject({ ownAlive: false, ownDir: false, sharedAlive: true, sharedDirKept: true });
    expect(await waitUntilGone(report.shared)).toBe(true);
    await holderExited;
    expect(existsSync(report.sharedDir)).toBe(false);
  });
});

describe("a test run's temp files", () => {
  it("go into the run's own temp folder (removed when the run ends), PostgreSQL's data included when it runs as another user", async () => {
    expect(basename(tmpdir())).toMatch(/^easel-test-tmp-/);
    const { started } = holdPostgres();
    const { dataDir } = await started;
    expect(dataDir.startsWith(`${tmpdir()}${sep}`)).toBe(true);
  });
});
