import { fileURLToPath } from "node:url";
import { builtCliArgs } from "../../server/build.js";

/** Set by the test run's global setup once it has compiled the service (tests/support/global-setup.ts). */
export const BUILT_ENV = "EASEL_TEST_BUILT";

const SOURCE_BIN = fileURLToPath(new URL("../../server/bin/easel.mjs", import.meta.url));

/**
 * `node` arguments that run `easel <args>`: the compiled service when this test run built it (no
 * tsx loader in the process or its worker threads: a start-up costs about a third less CPU), else
 * the sources through tsx, as `server/bin/easel.mjs` runs them (also when the run is started with
 * `EASEL_TEST_BUILT=0`, to test the sources as a developer runs them).
 */
export function easelArgs(args: string[]): string[] {
  return process.env[BUILT_ENV] === "1" ? builtCliArgs(args) : [SOURCE_BIN, ...args];
}
