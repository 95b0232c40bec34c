import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { spawnServer, trackServer } from "../../testing/test-servers.js";
import { freePort } from "../../util/free-port.js";

/**
 * A throwaway PostgreSQL for tests (re-exported by tests/support/postgres.ts; it lives here because
 * the server's TypeScript project cannot import files from tests/).
 */
export interface PostgresServer {
  /** `postgres://easel@127.0.0.1:<port>/easel_test`: an empty database, superuser `easel`, no password. */
  url: string;
  port: number;
  /** The postmaster's pid. */
  pid: number;
  /** Creates another empty database on this server and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Fast shutdown (SIGINT), SIGKILL after 10 s, then removes the data directory. Servers a test does
   * not stop are stopped after its file, or when its process dies (../../testing/test-servers.ts).
   */
  stop(): Promise<void>;
}

const SUPERUSER = "easel";
const DATABASE = "easel_test";
const START_TIMEOUT_MS = 90_000; // generous: initdb and start-up on a busy 2-core machine
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts a real PostgreSQL (Debian package `postgresql`): `initdb` into a temp dir, then `postgres`
 * on a free loopback port with durability off (fsync, synchronous commit and full page writes: the
 * data is thrown away), and waits until it accepts connections. As root, the server runs as an
 * unprivileged user, since `postgres` refuses to run as root.
 */
export async function startPostgres(options: { settings?: Record<string, string> } = {}): Promise<PostgresServer> {
  const bin = findBinDir();
  const owner = unprivilegedOwner();
  const dir = mkdtempSync(join(baseTempDir(owner), "easel-pg-"));
  const dataDir = join(dir, "data");
  const socketDir = join(dir, "socket");
  mkdirSync(socketDir);
  if (owner) {
    for (const path of [dir, socketDir]) chownSync(path, owner.uid, owner.gid);
  }
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    await run(
      join(bin, "initdb"),
      [
        "-D",
        dataDir,
        "--auth=trust",
        "-U",
        SUPERUSER,
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
        "--no-instructions",
      ],
      dir,
      owner,
    );
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      try {
        return await launch({ bin, dir, dataDir, socketDir, port, owner, removeDir, settings: options.settings ?? {} });
      } catch (error) {
        // Another process may have taken the port between picking and binding it: pick again.
        if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    removeDir();
    throw error;
  }
}

interface Owner {
  name: string;
  uid: number;
  gid: number;
}

class PortTakenError extends Error {}

interface LaunchArgs {
  bin: string;
  dir: string;
  dataDir: string;
  socketDir: string;
  port: number;
  owner: Owner | undefined;
  removeDir: () => void;
  /** Extra `-c name=value` server settings. */
  settings: Record<string, string>;
}

async function launch({
  bin,
  dir,
  dataDir,
  socketDir,
  port,
  owner,
  removeDir,
  settings,
}: LaunchArgs): Promise<PostgresServer> {
  // https://www.postgresql.org/docs/15/non-durability.html
  const args = ["-D", dataDir, "-k", socketDir, "-h", "127.0.0.1", "-p", String(port), "-F"];
  for (const setting of ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]) args.push("-c", setting);
  for (const [name, value] of Object.entries(settings)) args.push("-c", `${name}=${value}`);
  const child = spawnServer(join(bin, "postgres"), args, {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    ...ids(owner),
  });
  const log = collectLog(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (error) => {
      log.push(`cannot run postgres: ${error.message}`);
      resolve(-1);
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGINT is PostgreSQL's "fast shutdown": abort sessions, checkpoint, exit.
        child.kill("SIGINT");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      removeDir();
      release();
    })();
    return stopping;
  };
  const release = trackServer(child, { kind: "postgres", dir, signal: "SIGINT", stop });
  const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(adminUrl, child, exited, log);
    await query(adminUrl, `CREATE DATABASE ${DATABASE}`);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    release();
    throw error;
  }
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`,
    port,
    pid: child.pid as number,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must match [a-z_][a-z0-9_]*, got "${name}"`);
      await query(adminUrl, `CREATE DATABASE ${name}`);
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  log: string[],
): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitCode !== undefined) {
      const output = log.join("\n");
      if (output.includes("could not bind") || output.includes("Address already in use")) {
        throw new PortTakenError(output);
      }
      throw new Error(`postgres exited with ${exitCode ?? child.signalCode}:\n${output}`);
    }
    try {
      await query(url, "SELECT 1");
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`postgres did not accept connections within ${START_TIMEOUT_MS} ms:\n${log.join("\n")}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function query(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query(text);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Keeps draining the server's output (a full pipe would block it) and remembers the last lines. */
function collectLog(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").trimEnd().split("\n"));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return lines;
}

function run(file: string, args: string[], cwd: string, owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ["ignore", "pipe", "pipe"], ...ids(owner) });
    const log = collectLog(child);
    child.once("error", (error) => reject(new Error(`cannot run ${file}: ${error.message}`)));
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${file} exited with ${code}:\n${log.join("\n")}`));
    });
  });
}

function ids(owner: Owner | undefined): { uid?: number; gid?: number } {
  // Node calls setgid, setgroups([]) and setuid in the child before exec, so no su/runuser is needed
  // and the pid we hold is postgres itself (signals reach it directly).
  return owner ? { uid: owner.uid, gid: owner.gid } : {};
}

/** The user to run the server as when we are root (`postgres` if the package created it, else `nobody`). */
function unprivilegedOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      if (uid !== 0) return { name, uid, gid };
    } catch {
      // No such user: try the next one.
    }
  }
  throw new Error("running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as");
}

/** The OS temp dir, unless the unprivileged owner could not traverse it (e.g. TMPDIR under /root). */
function baseTempDir(owner: Owner | undefined): string {
  const base = tmpdir();
  if (!owner) return base;
  for (let path = base; ; path = dirname(path)) {
    // 0o001: "search" (traverse) permission for others.
    if ((statSync(path).mode & 0o001) === 0) return "/tmp";
    if (dirname(path) === path) return base;
  }
}

/** The directory holding `initdb` and `postgres`: `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
function findBinDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(
      execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(),
    );
  } catch {
    // No pg_config (it ships with libpq-dev / postgresql-server-dev, not always installed).
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, "bin")));
  }
  const found = candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres")));
  if (!found) {
    throw new Error(
      "PostgreSQL server binaries (initdb, postgres) not found via `pg_config --bindir` or in /usr/lib/postgresql/*/bin: " +
        "install the Debian package `postgresql` (apt-get install postgresql)",
    );
  }
  return found;
}
