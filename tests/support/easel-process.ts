import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ApiKeys, type Plan, type Role } from "../../server/src/auth/index.js";
import { type MetaDb, openMetaDb } from "../../server/src/db/meta-db.js";
import { sharedPostgresDatabase } from "../../server/src/testing/shared-postgres.js";
import { scratchDir, spawnServer, trackServer } from "../../server/src/testing/test-servers.js";
import { easelArgs } from "./easel-bin.js";
import { type PostgresServer, startPostgres } from "./postgres.js";
import { freePort, type RedisServer, startRedis } from "./redis.js";

/** How long a process may take to say it is ready: generous, for a busy 2-core machine (ms). */
const START_TIMEOUT_MS = 90_000;

export interface EaselProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Lines the server wrote to stderr (logs), for assertions and debugging. */
  logs: string[];
  /** PostgreSQL URL of the metadata, or null when it is SQLite in `dataDir`. */
  databaseUrl: string | null;
  /** Opens the service's metadata database from the test (close it after use). */
  openDb(): Promise<MetaDb>;
  /** Creates (or reuses) an org and returns a new API key for a user in it. */
  createKey(org: string, user: string, role?: Role, plan?: Plan): Promise<string>;
  /** SIGKILL: the process dies at once, worker threads included, nothing is cleaned up. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts the service as real child processes on loopback. Embedded by default (`easel serve` alone);
 * with `EASEL_TEST_TOPOLOGY=distributed` (the `distributed` test project) it is a Redis, an API node
 * and an `easel worker` process, so the same end-to-end tests run against both topologies. (One
 * worker process: these suites test the API over Redis-dispatched work; several workers sharing,
 * losing and stealing work are tests/e2e/distributed.test.ts's subject.)
 */
export async function startEasel(env: Record<string, string> = {}, dataDir?: string): Promise<EaselProcess> {
  return startInTopology(env, dataDir, {});
}

/** `startEasel`, where `keepDatabase` keeps its PostgreSQL database past the test file (a shared service). */
export function startInTopology(
  env: Record<string, string>,
  dataDir: string | undefined,
  options: { keepDatabase?: boolean },
): Promise<EaselProcess> {
  switch (process.env.EASEL_TEST_TOPOLOGY) {
    case "distributed":
      return startCluster(env, dataDir, { workers: 1 });
    case "postgres":
      return freshDatabaseUrl({ keep: options.keepDatabase ?? false }).then((url) =>
        startCluster({ EASEL_DATABASE_URL: url, ...env }, dataDir, { workers: 1 }),
      );
    default:
      return startServe(env, dataDir);
  }
}

let postgres: Promise<PostgresServer> | undefined;
let databases = 0;

/**
 * A new empty database: on the test run's shared PostgreSQL, or outside a test run (benchmarks) on
 * one real PostgreSQL per process, started on first use.
 */
export async function freshDatabaseUrl(options: { keep?: boolean } = {}): Promise<string> {
  const shared = await sharedPostgresDatabase("easel", options);
  if (shared) return shared;
  postgres ??= startPostgres();
  return (await postgres).createDatabase(`easel_${process.pid}_${++databases}`);
}

/**
 * Starts `easel serve` as a real child process on a free loopback port with its own data dir. One
 * worker thread unless the test asks for more (`EASEL_WORKERS`): each thread loads its own engines and
 * models on its first job, CPU a test with a job or two at a time does not need.
 */
export async function startServe(env: Record<string, string> = {}, dataDir?: string): Promise<EaselProcess> {
  const dir = dataDir ?? scratchDir("easel-test-");
  const databaseUrl = env.EASEL_DATABASE_URL ?? null;
  const { child, logs, ready, exited } = await spawnEasel(
    ["serve"],
    { EASEL_DATA_DIR: dir, EASEL_HOST: "127.0.0.1", EASEL_PORT: "0", EASEL_WORKERS: "1", ...env },
    "listening",
  );
  return {
    url: ready.url as string,
    dataDir: dir,
    child,
    logs,
    databaseUrl,
    openDb: () => openMetaDb({ dataDir: dir, databaseUrl }),
    async createKey(org, user, role = "designer", plan = "pro") {
      const db = await openMetaDb({ dataDir: dir, databaseUrl });
      try {
        const keys = new ApiKeys(db);
        await keys.ensureOrg(org, plan);
        return (await keys.createKey(org, user, role)).key;
      } finally {
        await db.close();
      }
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  owner: string;
  logs: string[];
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `easel worker` as a child process and waits until it takes jobs. */
export async function startWorker(env: Record<string, string>, engines?: string): Promise<WorkerProcess> {
  const { child, logs, ready, exited } = await spawnEasel(
    ["worker", ...(engines ? ["--engines", engines] : [])],
    env,
    "worker-ready",
  );
  return {
    child,
    owner: ready.owner as string,
    logs,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface Cluster extends EaselProcess {
  redis: RedisServer;
  workers: WorkerProcess[];
  /** Kills the API node (SIGKILL) and starts it again on the same port, data dir and Redis. */
  restartApi(): Promise<void>;
  /** Starts one more worker process (with its own empty data dir) and adds it to `workers`. */
  addWorker(engines?: string, env?: Record<string, string>): Promise<WorkerProcess>;
}

/**
 * A Redis, an API node and `workers` worker processes. Workers get their own data dirs (no database:
 * they only share Redis, the blob store and the signing certificate with the API node).
 */
export async function startCluster(
  env: Record<string, string> = {},
  dataDir?: string,
  options: { workers?: number; blobs?: string } = {},
): Promise<Cluster> {
  const redis = await startRedis();
  const dir = dataDir ?? scratchDir("easel-api-");
  const shared = {
    // A fixed port, so a restarted API node keeps its URL.
    EASEL_PORT: String(await freePort()),
    EASEL_QUEUE: redis.url,
    EASEL_BLOBS: options.blobs ?? `dir:${join(dir, "blobs")}`,
    EASEL_WORKERS: "1",
    ...env,
  };
  let api: EaselProcess;
  try {
    api = await startServe(shared, dir);
  } catch (error) {
    await redis.stop();
    throw error;
  }
  const identity = join(dir, "provenance", "dev-identity");
  // Workers sign with the API node's certificate: the production files when given, else its dev identity.
  const workerEnv = {
    EASEL_SIGNING_CERT: join(identity, "signing-chain.pem"),
    EASEL_SIGNING_KEY: join(identity, "signing.key.pem"),
    ...shared,
  };
  const workers: WorkerProcess[] = [];
  const addWorker = async (engines?: string, extra: Record<string, string> = {}) => {
    const dataDir = scratchDir("easel-worker-");
    const worker = await startWorker({ ...workerEnv, EASEL_DATA_DIR: dataDir, ...extra }, engines);
    workers.push(worker);
    // The API node's log array also collects the workers' lines, for assertions and debugging.
    const pushed = worker.logs.push.bind(worker.logs);
    worker.logs.push = (...lines: string[]) => {
      api.logs.push(...lines.map((line) => `[${worker.owner}] ${line}`));
      return pushed(...lines);
    };
    return worker;
  };
  const everything = async (how: "kill" | "stop") => {
    await Promise.all([api[how](), ...workers.map((w) => w[how]())]);
    await redis.stop();
  };
  try {
    await Promise.all(Array.from({ length: options.workers ?? 2 }, () => addWorker()));
  } catch (error) {
    await everything("kill");
    throw error;
  }
  return {
    ...api,
    redis,
    workers,
    addWorker,
    async restartApi() {
      await api.kill();
      api = await startServe(shared, dir);
    },
    kill: () => everything("kill"),
    stop: () => everything("stop"),
  };
}

/**
 * Runs `easel <args>` as a child process and waits for the JSON line announcing `readyEvent` on its
 * stdout (rejecting with its logs if it exits or takes over START_TIMEOUT_MS); stderr lines are kept as logs.
 */
async function spawnEasel(
  args: string[],
  env: Record<string, string>,
  readyEvent: string,
): Promise<{ child: ChildProcess; logs: string[]; ready: Record<string, unknown>; exited: Promise<void> }> {
  const child = spawnServer(process.execPath, easelArgs(args), {
    env: { ...process.env, EASEL_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Stopped after the test file if the test did not (tests/support/stop-servers.ts), killed with
  // this process otherwise; forgotten once it has exited, however it ended.
  const release = trackServer(child, {
    kind: `easel ${args[0]}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      release();
      resolve();
    }),
  );
  const logs: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => logs.push(line));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // never leave a half-started server behind
      reject(new Error(`easel ${args[0]} did not start:\n${logs.join("\n")}`));
    }, START_TIMEOUT_MS);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      try {
        const message = JSON.parse(line) as Record<string, unknown>;
        if (message.event === readyEvent) {
          clearTimeout(timer);
          resolve(message);
        }
      } catch {
        // not our JSON line
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`easel ${args[0]} exited with ${code}:\n${logs.join("\n")}`));
    });
  });
  return { child, logs, ready, exited };
}
