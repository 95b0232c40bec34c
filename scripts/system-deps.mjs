// The Debian packages the test suite needs, checked (and installed when we can) before `npm test`
// runs a single test: chromium for the browser tests (console, plugin UIs; playwright-core drives
// /usr/bin/chromium, never a downloaded browser), redis-server and postgresql for the distributed
// and PostgreSQL tests (they start their own servers on free loopback ports).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Where each package puts what the tests run; tests/support and server/src/**\/test-*.ts look there. */
export const SYSTEM_PACKAGES = [
  { name: "chromium", binaries: () => (existsSync("/usr/bin/chromium") ? ["/usr/bin/chromium"] : []) },
  { name: "redis-server", binaries: () => onPath("redis-server") },
  { name: "postgresql", binaries: postgresBinaries },
];

/** `redis-server` and friends are spawned by name: any directory of PATH will do. */
function onPath(command) {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .filter((path) => existsSync(path))
    .slice(0, 1);
}

/** As server/src/db/pg/test-postgres.ts finds them: `pg_config --bindir`, else /usr/lib/postgresql/N/bin. */
function postgresBinaries() {
  const dirs = [];
  try {
    const out = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    dirs.push(out.trim());
  } catch {
    // No pg_config (it ships with libpq-dev, not with the server package).
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) dirs.push(...readdirSync(root).map((version) => join(root, version, "bin")));
  const dir = dirs.find((d) => ["initdb", "postgres", "pg_ctl"].every((b) => existsSync(join(d, b))));
  return dir ? ["initdb", "postgres", "pg_ctl"].map((b) => join(dir, b)) : [];
}

/** Whether dpkg records `name` as installed (false where there is no dpkg at all). */
function dpkgInstalled(name) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const result = spawnSync("dpkg-query", ["-W", "--showformat=${db:Status-Status}", name], { encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() === "installed";
}

/**
 * What this machine has, for `planSystemDeps`: a package counts as present only when its binaries are
 * where the tests look (dpkg saying "installed" is not enough: files can be removed under it).
 */
export function probeSystem() {
  return {
    packages: SYSTEM_PACKAGES.map((p) => ({ name: p.name, dpkg: dpkgInstalled(p.name), binaries: p.binaries() })),
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath("apt-get").length > 0,
  };
}

/**
 * Pure decision: nothing to do, the commands to install what is missing (root with apt-get), or a
 * message that names the exact command to run (anyone else). A package dpkg calls installed whose
 * binaries are gone needs `--reinstall`: a plain install would do nothing.
 */
export function planSystemDeps({ packages, isRoot, hasAptGet }) {
  const missing = packages.filter((p) => p.binaries.length === 0);
  if (missing.length === 0) return { action: "none" };
  const fresh = missing.filter((p) => !p.dpkg).map((p) => p.name);
  const broken = missing.filter((p) => p.dpkg).map((p) => p.name);
  const install = ["apt-get", "install", "-y", "-q", "--no-install-recommends"];
  const commands = [["apt-get", "update", "-q"]];
  if (fresh.length > 0) commands.push([...install, ...fresh]);
  if (broken.length > 0) commands.push([...install, "--reinstall", ...broken]);
  const names = missing.map((p) => p.name).join(", ");
  if (isRoot && hasAptGet) return { action: "install", missing: names, commands };
  const sudo = isRoot ? "" : "sudo ";
  const shell = commands.map(
    (c) => `${sudo}${c[1] === "install" ? "DEBIAN_FRONTEND=noninteractive " : ""}${c.join(" ")}`,
  );
  const why = hasAptGet
    ? "they are installed automatically only when `npm test` runs as root"
    : "apt-get is not available here: install them with this system's package manager, or on Debian/Ubuntu";
  return {
    action: "stop",
    message:
      `The test suite needs the Debian packages ${names}, missing here; ${why}.\n` +
      `Run this, then \`npm test\` again:\n\n  ${shell.join(" && \\\n  ")}\n`,
  };
}

/**
 * Checks the system packages and installs what is missing when it can; otherwise prints the command
 * to run and returns a non-zero exit status, before any test has started.
 */
export function ensureSystemDeps({ log = console.error } = {}) {
  const plan = planSystemDeps(probeSystem());
  if (plan.action === "none") return 0;
  if (plan.action === "stop") {
    log(plan.message);
    return 1;
  }
  log(`installing the Debian packages the tests need: ${plan.missing}`);
  for (const [command, ...args] of plan.commands) {
    const result = spawnSync(command, args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) {
      log(`\`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal})`);
      return result.status || 1;
    }
  }
  const after = planSystemDeps(probeSystem());
  if (after.action !== "none") {
    log(`still missing after apt-get install: ${after.missing ?? plan.missing}`);
    return 1;
  }
  return 0;
}
