import { AsyncLocalStorage } from "node:async_hooks";
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Servers that tests start (PostgreSQL, Redis, `easel` processes) must never outlive the test run,
 * whatever way it ends. Four nets, from the gentlest:
 * 1. `stopTestServers()` after each test file (tests/support/stop-servers.ts), for what a test left up
 *    (a service shared across a fork's files is kept, and stopped by the next three);
 * 2. this process's exit and SIGINT/SIGTERM/SIGHUP handlers kill what it started;
 * 3. each server runs under `setpriv --pdeathsig KILL`: the kernel kills it when the process that
 *    started it dies, even by SIGKILL (a crashed test fork);
 * 4. every server is written to the run's registry (a directory named by `EASEL_TEST_RUN_DIR`, made
 *    by tests/support/global-setup.ts), which the run's teardown reaps.
 */

/** Environment variable naming the run-scoped registry directory. */
export const RUN_REGISTRY_ENV = "EASEL_TEST_RUN_DIR";

/** One registry file: enough to kill the server and remove its files from another process. */
export interface ServerRecord {
  pid: number;
  kind: string;
  /** Removed once the server is gone (data dir, sockets). */
  dir?: string | undefined;
  /** The gentle stop (PostgreSQL: SIGINT, its fast shutdown); SIGKILL follows when it is ignored. */
  signal: NodeJS.Signals;
  /** /proc start time, so that a pid reused by an unrelated process is never killed; null off Linux. */
  startTime: string | null;
}

interface Live {
  record: ServerRecord;
  stop: () => Promise<void>;
  file: string | null;
  /** Kept across test files (a fork's shared service): stopped when this process ends, not after a file. */
  shared: boolean;
}

/**
 * Per process, not per module instance: vitest evaluates modules afresh for each test file in the
 * same fork, and the exit and signal handlers must be installed once, over one map.
 */
interface ProcessState {
  live: Map<number, Live>;
  /** Scratch directories (data dirs of the servers): removed with the servers, shared ones at the end. */
  dirs: Map<string, { shared: boolean }>;
  installed: boolean;
}
const STATE = Symbol.for("easel.test-servers");
const holder = globalThis as { [STATE]?: ProcessState };
holder[STATE] ??= { live: new Map(), dirs: new Map(), installed: false };
holder[STATE].dirs ??= new Map(); // a state made by an older copy of this module in the same fork
const state = holder[STATE];
const live = state.live;

/** util-linux's setpriv, which sets PR_SET_PDEATHSIG and then execs the server (same pid). */
const SETPRIV = process.platform === "linux" && existsSync("/usr/bin/setpriv") ? "/usr/bin/setpriv" : null;

/** `spawn()` for a server: killed by the kernel when this process dies, where Linux allows. */
export function spawnServer(command: string, args: string[], options: SpawnOptions): ChildProcess {
  // PR_SET_PDEATHSIG fires when the thread that forked the child ends; Node forks from the main
  // thread, so that is this process ending. It survives the uid/gid change (made before setpriv runs).
  if (SETPRIV) return spawn(SETPRIV, ["--pdeathsig", "KILL", "--", command, ...args], options);
  return spawn(command, args, options);
}

const sharedScope = new AsyncLocalStorage<true>();

/**
 * A new temporary directory for a server's data, removed after the test file (once its servers are
 * stopped; a restart on the same directory within the file keeps it), or when this process ends for a
 * shared service's.
 */
export function scratchDir(prefix: string): string {
  installHandlers();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  state.dirs.set(dir, { shared: sharedScope.getStore() ?? false });
  return dir;
}

/**
 * Runs `start` so that every server it starts is tracked as `shared`: kept across test files, stopped
 * when this process ends (a fork's shared service: tests/support/easel-process.ts `sharedEasel`).
 */
export function startingShared<T>(start: () => Promise<T>): Promise<T> {
  return sharedScope.run(true, start);
}

/**
 * Remembers a started server until `release()` (call it once `stop()` has finished), here and in the
 * run's registry. `stop` is the graceful stop used by `stopTestServers()`.
 */
export function trackServer(
  child: ChildProcess,
  details: {
    kind: string;
    dir?: string | undefined;
    signal?: NodeJS.Signals;
    stop: () => Promise<void>;
    shared?: boolean;
  },
): () => void {
  const pid = child.pid;
  if (pid === undefined) return () => {};
  installHandlers();
  const record: ServerRecord = {
    pid,
    kind: details.kind,
    dir: details.dir,
    signal: details.signal ?? "SIGTERM",
    startTime: startTimeOf(pid),
  };
  const registry = process.env[RUN_REGISTRY_ENV];
  let file: string | null = null;
  if (registry && existsSync(registry)) {
    file = join(registry, `${pid}.json`);
    writeFileSync(file, JSON.stringify(record));
  }
  live.set(pid, { record, stop: details.stop, file, shared: details.shared ?? sharedScope.getStore() ?? false });
  return () => {
    const entry = live.get(pid);
    if (entry?.record !== record) return;
    live.delete(pid);
    if (file) rmSync(file, { force: true });
  };
}

/**
 * Gracefully stops every server this process started and has not stopped yet, but those shared
 * across test files (`shared`), unless `includeShared`.
 */
export async function stopTestServers(includeShared = false): Promise<void> {
  const stopping = [...live.values()].filter((entry) => includeShared || !entry.shared);
  await Promise.allSettled(stopping.map((entry) => entry.stop()));
  killTrackedSync(includeShared); // whatever a failed stop() left
  removeDirsSync(includeShared);
}

function removeDirsSync(includeShared: boolean): void {
  for (const [dir, { shared }] of state.dirs) {
    if (shared && !includeShared) continue;
    rmSync(dir, { recursive: true, force: true });
    state.dirs.delete(dir);
  }
}

/** Kills (SIGKILL) what this process started and removes its files: safe in exit and signal handlers. */
function killTrackedSync(includeShared = true): void {
  for (const [pid, { record, file, shared }] of live) {
    if (shared && !includeShared) continue;
    killQuietly(record.pid, "SIGKILL");
    if (record.dir) rmSync(record.dir, { recursive: true, force: true });
    if (file) rmSync(file, { force: true });
    live.delete(pid);
  }
}

function installHandlers(): void {
  if (state.installed) return;
  state.installed = true;
  process.once("exit", () => {
    killTrackedSync();
    removeDirsSync(true);
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      killTrackedSync(true);
      removeDirsSync(true);
      process.removeListener(signal, onSignal);
      // Keep the signal's usual meaning: die of it, unless someone else (vitest) handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null when unreadable. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process a record names is still that server (not gone, not a reused pid). */
function isAlive(record: ServerRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch {
    return false; // ESRCH: gone (EPERM would be someone else's process: not ours either)
  }
  return record.startTime === null || startTimeOf(record.pid) === record.startTime;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function readRegistry(dir: string): { record: ServerRecord; file: string }[] {
  if (!existsSync(dir)) return [];
  const entries: { record: ServerRecord; file: string }[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".json")) continue;
    const file = join(dir, name);
    try {
      entries.push({ record: JSON.parse(readFileSync(file, "utf8")) as ServerRecord, file });
    } catch {
      // A file being written by a process that died mid-write: nothing to kill by.
      rmSync(file, { force: true });
    }
  }
  return entries;
}

/**
 * Reaps every server still in a run's registry: its gentle signal, then SIGKILL after `graceMs`,
 * then its files. Returns how many were still running.
 */
export async function reapRegistry(dir: string, graceMs = 5_000): Promise<number> {
  const entries = readRegistry(dir);
  const running = entries.filter(({ record }) => isAlive(record));
  for (const { record } of running) killQuietly(record.pid, record.signal);
  // Polls every 50 ms (bounded by graceMs) for the gentle stop to finish.
  for (let waited = 0; waited < graceMs && running.some(({ record }) => isAlive(record)); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const { record } of running) if (isAlive(record)) killQuietly(record.pid, "SIGKILL");
  for (const { record, file } of entries) {
    if (record.dir) rmSync(record.dir, { recursive: true, force: true });
    unlinkSync(file);
  }
  return running.length;
}

/** `reapRegistry` for signal handlers: SIGKILL at once, files removed, nothing awaited. */
export function reapRegistrySync(dir: string): void {
  for (const { record, file } of readRegistry(dir)) {
    if (isAlive(record)) killQuietly(record.pid, "SIGKILL");
    if (record.dir) rmSync(record.dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}
