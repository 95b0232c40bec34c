import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planSystemDeps } from "./system-deps.mjs";

const present = (name) => ({ name, dpkg: true, binaries: [`/usr/bin/${name}`] });
const absent = (name) => ({ name, dpkg: false, binaries: [] });

describe("planSystemDeps", () => {
  it("does nothing when every package's binaries are where the tests look", () => {
    const packages = ["chromium", "redis-server", "postgresql"].map(present);
    expect(planSystemDeps({ packages, isRoot: false, hasAptGet: false })).toEqual({ action: "none" });
  });

  it("installs only what is missing, non-interactively and without recommends, when root with apt-get", () => {
    const packages = [present("chromium"), absent("redis-server"), absent("postgresql")];
    expect(planSystemDeps({ packages, isRoot: true, hasAptGet: true })).toEqual({
      action: "install",
      missing: "redis-server, postgresql",
      commands: [
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "redis-server", "postgresql"],
      ],
    });
  });

  it("reinstalls a package dpkg calls installed whose binaries are gone", () => {
    const packages = [present("chromium"), { name: "postgresql", dpkg: true, binaries: [] }, absent("redis-server")];
    const plan = planSystemDeps({ packages, isRoot: true, hasAptGet: true });
    expect(plan.commands).toEqual([
      ["apt-get", "update", "-q"],
      ["apt-get", "install", "-y", "-q", "--no-install-recommends", "redis-server"],
      ["apt-get", "install", "-y", "-q", "--no-install-recommends", "--reinstall", "postgresql"],
    ]);
  });

  it("stops with the exact command to run when not root", () => {
    const packages = [absent("chromium"), present("redis-server"), present("postgresql")];
    const plan = planSystemDeps({ packages, isRoot: false, hasAptGet: true });
    expect(plan.action).toBe("stop");
    expect(plan.message).toContain("chromium");
    expect(plan.message).toContain(
      "sudo apt-get update -q && \\\n  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium\n",
    );
    expect(plan.message).not.toContain("redis-server");
  });

  it("stops, even as root, where there is no apt-get to install with", () => {
    const plan = planSystemDeps({ packages: [absent("redis-server")], isRoot: true, hasAptGet: false });
    expect(plan.action).toBe("stop");
    expect(plan.message).toMatch(/apt-get is not available here/);
    expect(plan.message).toContain(
      "apt-get update -q && \\\n  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server",
    );
  });
});

describe("npm test on a machine without redis-server", () => {
  it("exits non-zero before installing or testing anything, printing the command to run", () => {
    // A PATH with node, apt-get and dpkg-query but no redis-server; run as an unprivileged user
    // (when we are root) so that it must not try to install.
    const bin = mkdtempSync(join(tmpdir(), "easel-path-"));
    chmodSync(bin, 0o755);
    try {
      for (const tool of ["node", "apt-get", "dpkg-query"]) {
        const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
        if (found) symlinkSync(found, join(bin, tool));
      }
      // A copy of what runs before the check (the checkout itself may be unreadable to nobody, e.g. a
      // clone in a mode-0700 mktemp directory).
      const repo = fileURLToPath(new URL("..", import.meta.url));
      const root = join(bin, "repo");
      mkdirSync(join(root, "scripts"), { recursive: true });
      for (const file of ["package.json", "scripts/bootstrap.mjs", "scripts/system-deps.mjs"]) {
        copyFileSync(join(repo, file), join(root, file));
      }
      chmodSync(join(root, "scripts"), 0o755);
      chmodSync(root, 0o755);
      const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const result = spawnSync(join(bin, "node"), ["scripts/bootstrap.mjs", "test"], {
        cwd: root,
        encoding: "utf8",
        env: { PATH: bin, HOME: bin },
        timeout: 60_000,
        ...asNobody,
      });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/needs the Debian packages [^\n]*redis-server[^\n]*, missing here/);
      expect(result.stderr).toMatch(/apt-get install -y -q --no-install-recommends (--reinstall )?[^\n]*redis-server/);
      expect(result.stdout + result.stderr).not.toMatch(/installing the workspace|vitest|RUN/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
