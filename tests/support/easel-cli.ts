import { execFile } from "node:child_process";
import { easelArgs } from "./easel-bin.js";
import type { EaselProcess } from "./easel-process.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `easel <args>` as the operator would, on the running service's database (its data dir or PostgreSQL). */
export function runCli(easel: Pick<EaselProcess, "dataDir" | "databaseUrl">, args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, EASEL_DATA_DIR: easel.dataDir, EASEL_LOG_LEVEL: "warn" };
  if (easel.databaseUrl) env.EASEL_DATABASE_URL = easel.databaseUrl;
  else delete env.EASEL_DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, easelArgs(args), { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The JSON lines a CLI command printed. */
export function jsonLines<T = Record<string, unknown>>(stdout: string): T[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as T);
}
