import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { first } from "./meta-db.js";
import { DIALECTS, freshMetaDbs } from "./testing/fresh-meta-db.js";

const dbs = freshMetaDbs();
const freshMetaDb = (dialect: (typeof DIALECTS)[number]) => dbs.fresh(dialect);
const SRC = fileURLToPath(new URL("..", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("portable queries", () => {
  it("code on MetaDb never calls the SQLite-only executors .get(), .all() or .run()", () => {
    const offenders = sourceFiles(SRC)
      .filter((path) => readFileSync(path, "utf8").includes("meta-db.js"))
      .filter((path) => /\.(get|all|run)\(\)/.test(readFileSync(path, "utf8")))
      .map((path) => path.slice(SRC.length));
    expect(offenders).toEqual([]);
  });
});

describe.each(DIALECTS)("MetaDb on %s", (dialect) => {
  const org = (id: string) => ({ id, slug: id, name: id, plan: "free" as const, createdAt: Date.now() });

  it("rolls a failed transaction back completely", async () => {
    const db = await freshMetaDb(dialect);
    await expect(
      db.tx(async (q) => {
        await q.insert(db.t.orgs).values(org("org_rolled_back"));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await db.run((q) => q.select().from(db.t.orgs))).toEqual([]);
  });

  it("keeps read-modify-write transactions whole when they run concurrently", async () => {
    const db = await freshMetaDb(dialect);
    const { orgs } = db.t;
    await db.run((q) => q.insert(orgs).values({ ...org("org_counter"), name: "0" }));
    // Each transaction reads the counter, waits, and writes it back plus one: without isolation (or,
    // on PostgreSQL, without retrying serialization failures) increments would be lost.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        db.tx(async (q) => {
          const row = first(await q.select().from(orgs).where(eq(orgs.id, "org_counter")));
          await new Promise((resolve) => setTimeout(resolve, 5));
          await q
            .update(orgs)
            .set({ name: String(Number(row?.name) + 1) })
            .where(eq(orgs.id, "org_counter"));
        }),
      ),
    );
    const row = first(await db.run((q) => q.select().from(orgs).where(eq(orgs.id, "org_counter"))));
    expect(row?.name).toBe("8");
  });
});
