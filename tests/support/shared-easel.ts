import { expect } from "vitest";
import { startingShared } from "../../server/src/testing/test-servers.js";
import { type EaselProcess, startInTopology } from "./easel-process.js";

/**
 * Settings of every shared service. Failed authentications are throttled per client address, and
 * every file's wrong-key checks come from 127.0.0.1: a shared service allows more of them than the
 * default 10 per 5 minutes, or one file's checks would throttle the next file's (a file that tests
 * the throttle sets its own limit).
 */
const SHARED_ENV: Record<string, string> = { EASEL_AUTH_FAILURES: "1000" };

interface SharedService {
  easel: Promise<EaselProcess>;
  /** Org slug → the test file that made it on this service. */
  orgs: Map<string, string>;
}
const SHARED = Symbol.for("easel.shared-services");
const sharedHolder = globalThis as { [SHARED]?: Map<string, SharedService> };

/**
 * The service in this run's topology (see easel-process.ts `startEasel`) that the test files a fork runs one after
 * another share, one per distinct `env`: started by the first file that asks, kept for the next
 * ones, stopped when the fork ends (server/src/testing/test-servers.ts). A start (and each worker
 * thread's first job, which loads its engines and models) is paid once per fork instead of once per
 * file.
 *
 * What a file may do with it: make its own orgs (`createKey` refuses an org slug that another file
 * made on this service, so that no file sees another's jobs, assets, kits or quota), and anything
 * within them. What it may not: stop, kill or restart it, change platform-wide state (platform
 * protected works, registered models), or count on an otherwise idle service (its logs hold earlier
 * files' lines). A file that needs any of those starts its own with `startEasel`.
 */
export async function sharedEasel(env: Record<string, string> = {}): Promise<EaselProcess> {
  sharedHolder[SHARED] ??= new Map();
  const services = sharedHolder[SHARED];
  const key = JSON.stringify([process.env.EASEL_TEST_TOPOLOGY ?? "embedded", Object.entries(env).sort()]);
  let service = services.get(key);
  if (service && !(await isRunning(service.easel))) {
    services.delete(key);
    service = undefined;
  }
  if (!service) {
    const easel = startingShared(() => startInTopology({ ...SHARED_ENV, ...env }, undefined, { keepDatabase: true }));
    service = { easel, orgs: new Map() };
    services.set(key, service);
  }
  const easel = await service.easel;
  const orgs = service.orgs;
  const file = expect.getState().testPath ?? "this test file";
  return {
    ...easel,
    async createKey(org, user, role, plan) {
      const owner = orgs.get(org);
      if (owner !== undefined && owner !== file) {
        throw new Error(
          `org "${org}" was made on this shared service by ${owner}: give ${file} an org slug of its own`,
        );
      }
      orgs.set(org, file);
      return easel.createKey(org, user, role, plan);
    },
    async stop() {
      // Shared: the fork stops it when it ends.
    },
    async kill() {
      throw new Error("a shared service is not for killing: start one of the file's own with startEasel()");
    },
  };
}

/** Whether a service started (or failed to) and is still running. */
async function isRunning(easel: Promise<EaselProcess>): Promise<boolean> {
  const started = await easel.catch(() => null);
  return started !== null && started.child.exitCode === null && started.child.signalCode === null;
}
