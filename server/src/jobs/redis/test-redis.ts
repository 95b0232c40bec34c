import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { spawnServer, trackServer } from "../../testing/test-servers.js";
import { freePort } from "../../util/free-port.js";

export { freePort };

export interface RedisServer {
  url: string;
  port: number;
  /** The server's pid (a new one after `restartEmpty()`). */
  readonly pid: number;
  /** Kills the server and starts an empty one on the same port (no persistence: every key is gone). */
  restartEmpty(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real `redis-server` (Debian package `redis-server`; `npm test` installs it) on a free
 * loopback port with no persistence, and waits until it accepts connections. A server a test does
 * not stop is stopped after its file, or when its process dies (../../testing/test-servers.ts).
 */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "easel-redis-"));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      let child = await launch(port, dir);
      let exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const stop = async () => {
        child.kill("SIGKILL");
        await exited;
        rmSync(dir, { recursive: true, force: true });
        release();
      };
      let release = trackServer(child, { kind: "redis", dir, stop });
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        get pid() {
          return child.pid as number;
        },
        async restartEmpty() {
          child.kill("SIGKILL");
          await exited;
          release();
          child = await launch(port, dir);
          exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          release = trackServer(child, { kind: "redis", dir, stop });
        },
        stop,
      };
    } catch (error) {
      // Another process may have taken the port between picking and binding it: pick again.
      if (attempt >= 3) throw error;
    }
  }
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawnServer(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start:\n${output.join("\n")}`));
    }, 60_000); // ms; generous for a busy machine
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (apt-get install redis-server): ${error.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      // 127: setpriv (test-servers.ts) found no redis-server to run.
      const hint = code === 127 ? " (apt-get install redis-server)" : "";
      reject(new Error(`redis-server exited with ${code}${hint}:\n${output.join("\n")}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      output.push(line);
      if (line.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(child);
      }
    });
  });
}
