import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type PgDb } from "./database.js";
import { isUniqueViolation, pgErrorCode } from "./pg-errors.js";
import { jobs, merkleNodes, orgs } from "./schema.js";
import { type PostgresServer, startPostgres } from "./test-postgres.js";

let server: PostgresServer;
let handle: PgDb;

beforeAll(async () => {
  server = await startPostgres();
  handle = await openPostgres(server.url);
  await handle.db
    .insert(orgs)
    .values({ id: "org_1", slug: "acme", name: "Acme", plan: "pro", createdAt: 1_767_225_600_000 });
});

afterAll(async () => {
  await handle?.close();
  await server?.stop();
});

describe("rows through drizzle on PostgreSQL", () => {
  it("a job keeps its JSON plan, ms timestamps past 2^31 and booleans, and gets the SQLite defaults", async () => {
    const createdAt = 1_767_225_600_123; // 2026-01-01T00:00:00.123Z, ms: far past int4
    const plan = {
      kind: "upscale",
      stages: [{ stage: "engine.run", engine: "esrgan-thick", tile: { size: 128, overlap: 16 } }],
      scale: 4,
      note: "ünïcödé ✓",
    };
    await handle.db.insert(jobs).values({
      id: "job_1",
      orgId: "org_1",
      userId: "user_1",
      kind: "upscale",
      status: "queued",
      request: { kind: "upscale", params: { scale: 4, seed: 4_294_967_295 } },
      plan,
      maxAttempts: 3,
      timeoutMs: 600_000,
      runAfter: createdAt,
      leaseExpiresAt: 8_640_000_000_000_000, // the latest JS Date, ms
      commercialRights: true,
      createdAt,
    });
    const [row] = await handle.db.select().from(jobs).where(eq(jobs.id, "job_1"));
    expect(row).toMatchObject({
      plan,
      request: { kind: "upscale", params: { scale: 4, seed: 4_294_967_295 } },
      runAfter: createdAt,
      createdAt,
      leaseExpiresAt: 8_640_000_000_000_000,
      commercialRights: true,
      attempts: 0,
      notes: [],
      lane: "interactive",
      priority: 0,
      lastSeq: 0,
      progress: null,
      startedAt: null,
    });
    expect(typeof row?.createdAt).toBe("number");
    // Stored as real jsonb and int8, so the server can query into the plan and order by time.
    const [probe] = await handle.db
      .select({
        engine: sql<string>`${jobs.plan} -> 'stages' -> 0 ->> 'engine'`,
        planType: sql<string>`pg_typeof(${jobs.plan})::text`,
        timeType: sql<string>`pg_typeof(${jobs.createdAt})::text`,
        rightsType: sql<string>`pg_typeof(${jobs.commercialRights})::text`,
      })
      .from(jobs)
      .where(eq(jobs.id, "job_1"));
    expect(probe).toEqual({ engine: "esrgan-thick", planType: "jsonb", timeType: "bigint", rightsType: "boolean" });
  });

  it("a Merkle node hash round-trips as the same bytes (bytea)", async () => {
    const hash = Buffer.from("a3f1c2d4e5b6978812345678900abcdef0123456789abcdef0123456789abcd", "hex");
    await handle.db.insert(merkleNodes).values({ level: 0, idx: 3_000_000_000, hash });
    const [row] = await handle.db.select().from(merkleNodes).where(eq(merkleNodes.idx, 3_000_000_000));
    expect(Buffer.isBuffer(row?.hash)).toBe(true);
    expect(row?.hash.equals(hash)).toBe(true);
  });

  it("a second org with a taken slug fails with unique_violation 23505 naming the constraint", async () => {
    const error = await handle.db
      .insert(orgs)
      .values({ id: "org_2", slug: "acme", name: "Other Acme", plan: "free", createdAt: 1_767_225_600_000 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(pgErrorCode(error)).toBe("23505");
    expect(isUniqueViolation(error)).toBe(true);
    expect((error as Error & { cause: { constraint?: string } }).cause.constraint).toBe("orgs_slug_unique");
    const count = await handle.db.$count(orgs);
    expect(count).toBe(1);
  });

  it("a job for an unknown org is refused by the foreign key (23503), not a unique violation", async () => {
    const error = await handle.db
      .insert(jobs)
      .values({
        id: "job_orphan",
        orgId: "org_missing",
        userId: "user_1",
        kind: "generate",
        status: "queued",
        request: {},
        plan: {},
        maxAttempts: 1,
        timeoutMs: 1_000,
        runAfter: 0,
        createdAt: 0,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(pgErrorCode(error)).toBe("23503");
    expect(isUniqueViolation(error)).toBe(false);
  });
});
