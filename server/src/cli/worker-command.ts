import { loadConfig } from "../config/config.js";
import { parseWorkClasses, WORK_CLASSES } from "../jobs/lanes.js";
import { startWorkerNode } from "../worker-node.js";

/** `easel worker [--engines upscale,inpaint]`: runs jobs from Redis until SIGINT/SIGTERM. */
export async function runWorker(env: NodeJS.ProcessEnv, engines: string | undefined): Promise<void> {
  const config = loadConfig(env);
  const node = await startWorkerNode(config, engines ? parseWorkClasses(engines) : [...WORK_CLASSES]);
  // Machine-readable line for scripts and tests that wait for the worker to be ready.
  process.stdout.write(`${JSON.stringify({ event: "worker-ready", owner: node.owner, engines: node.workClasses })}\n`);
  const shutdown = (signal: string) => {
    process.stderr.write(`${signal}: releasing running jobs and stopping\n`);
    void node.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}
