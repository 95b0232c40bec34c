import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Every test file under the given folders (node_modules and build output left out). */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "dist"].includes(entry.name) ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Org slugs a file names where it makes or seeds an org: `createKey("slug"`, `seedUsage(easel, "slug"`, … */
function orgSlugs(source: string): Set<string> {
  const slugs = new Set<string>();
  for (const match of source.matchAll(/(?:createKey|seedUsage|setOrg)\(\s*(?:easel,\s*)?"([^"]+)"/g)) {
    slugs.add(match[1] as string);
  }
  return slugs;
}

describe("files that share a service (tests/support/shared-easel.ts)", () => {
  // A fork runs files in an order no one chooses, so two files that name the same org on a shared
  // service would collide in some runs only (sharedEasel's createKey refuses the second). Checked
  // here for every pair, whatever fork they land in.
  it("each keep to org slugs no other sharing file uses", () => {
    const owners = new Map<string, string[]>();
    for (const file of ["tests", "plugins", "server"].flatMap((dir) => testFiles(join(ROOT, dir)))) {
      const source = readFileSync(file, "utf8");
      if (file === fileURLToPath(import.meta.url) || !source.includes("sharedEasel(")) continue;
      for (const slug of orgSlugs(source)) owners.set(slug, [...(owners.get(slug) ?? []), relative(ROOT, file)]);
    }
    expect(owners.size).toBeGreaterThan(10);
    const shared = [...owners].filter(([, files]) => files.length > 1).map(([slug, files]) => `${slug}: ${files}`);
    expect(shared).toEqual([]);
  });
});
