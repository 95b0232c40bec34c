import { type Column, getTableColumns, getTableName, type Table } from "drizzle-orm";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as lite from "../schema.js";
import * as post from "./schema.js";

/** drizzle's PostgreSQL column kinds allowed for each SQLite column kind (see the mapping in schema.ts). */
const PG_KINDS_FOR: Record<string, string[]> = {
  SQLiteText: ["PgText"],
  SQLiteTextJson: ["PgJsonb"],
  SQLiteInteger: ["PgInteger", "PgBigInt53"],
  SQLiteBoolean: ["PgBoolean"],
  SQLiteReal: ["PgDoublePrecision"],
  SQLiteBlobBuffer: ["PgCustomColumn"],
};

function describeColumn(c: Column) {
  return { name: c.name, notNull: c.notNull, hasDefault: c.hasDefault, primary: c.primary, enumValues: c.enumValues };
}

describe("PostgreSQL schema mirrors the SQLite schema", () => {
  // Checked by `tsc -b`, not at run time: a table whose row or insert type differs from the SQLite
  // one fails the typecheck, naming the table on its line.
  it("every table's row and insert types are the SQLite ones", () => {
    expectTypeOf<typeof post.orgs.$inferSelect>().toEqualTypeOf<typeof lite.orgs.$inferSelect>();
    expectTypeOf<typeof post.orgs.$inferInsert>().toEqualTypeOf<typeof lite.orgs.$inferInsert>();
    expectTypeOf<typeof post.users.$inferSelect>().toEqualTypeOf<typeof lite.users.$inferSelect>();
    expectTypeOf<typeof post.users.$inferInsert>().toEqualTypeOf<typeof lite.users.$inferInsert>();
    expectTypeOf<typeof post.apiKeys.$inferSelect>().toEqualTypeOf<typeof lite.apiKeys.$inferSelect>();
    expectTypeOf<typeof post.apiKeys.$inferInsert>().toEqualTypeOf<typeof lite.apiKeys.$inferInsert>();
    expectTypeOf<typeof post.consoleSessions.$inferSelect>().toEqualTypeOf<typeof lite.consoleSessions.$inferSelect>();
    expectTypeOf<typeof post.consoleSessions.$inferInsert>().toEqualTypeOf<typeof lite.consoleSessions.$inferInsert>();
    expectTypeOf<typeof post.assets.$inferSelect>().toEqualTypeOf<typeof lite.assets.$inferSelect>();
    expectTypeOf<typeof post.assets.$inferInsert>().toEqualTypeOf<typeof lite.assets.$inferInsert>();
    expectTypeOf<typeof post.jobs.$inferSelect>().toEqualTypeOf<typeof lite.jobs.$inferSelect>();
    expectTypeOf<typeof post.jobs.$inferInsert>().toEqualTypeOf<typeof lite.jobs.$inferInsert>();
    expectTypeOf<typeof post.jobEvents.$inferSelect>().toEqualTypeOf<typeof lite.jobEvents.$inferSelect>();
    expectTypeOf<typeof post.jobEvents.$inferInsert>().toEqualTypeOf<typeof lite.jobEvents.$inferInsert>();
    expectTypeOf<typeof post.layers.$inferSelect>().toEqualTypeOf<typeof lite.layers.$inferSelect>();
    expectTypeOf<typeof post.layers.$inferInsert>().toEqualTypeOf<typeof lite.layers.$inferInsert>();
    expectTypeOf<typeof post.quotaReservations.$inferSelect>().toEqualTypeOf<
      typeof lite.quotaReservations.$inferSelect
    >();
    expectTypeOf<typeof post.quotaReservations.$inferInsert>().toEqualTypeOf<
      typeof lite.quotaReservations.$inferInsert
    >();
    expectTypeOf<typeof post.jobUsage.$inferSelect>().toEqualTypeOf<typeof lite.jobUsage.$inferSelect>();
    expectTypeOf<typeof post.jobUsage.$inferInsert>().toEqualTypeOf<typeof lite.jobUsage.$inferInsert>();
    expectTypeOf<typeof post.manifests.$inferSelect>().toEqualTypeOf<typeof lite.manifests.$inferSelect>();
    expectTypeOf<typeof post.manifests.$inferInsert>().toEqualTypeOf<typeof lite.manifests.$inferInsert>();
    expectTypeOf<typeof post.merkleNodes.$inferSelect>().toEqualTypeOf<typeof lite.merkleNodes.$inferSelect>();
    expectTypeOf<typeof post.merkleNodes.$inferInsert>().toEqualTypeOf<typeof lite.merkleNodes.$inferInsert>();
    expectTypeOf<typeof post.brandKits.$inferSelect>().toEqualTypeOf<typeof lite.brandKits.$inferSelect>();
    expectTypeOf<typeof post.brandKits.$inferInsert>().toEqualTypeOf<typeof lite.brandKits.$inferInsert>();
    expectTypeOf<typeof post.brandKitVersions.$inferSelect>().toEqualTypeOf<
      typeof lite.brandKitVersions.$inferSelect
    >();
    expectTypeOf<typeof post.brandKitVersions.$inferInsert>().toEqualTypeOf<
      typeof lite.brandKitVersions.$inferInsert
    >();
    expectTypeOf<typeof post.adherenceRecords.$inferSelect>().toEqualTypeOf<
      typeof lite.adherenceRecords.$inferSelect
    >();
    expectTypeOf<typeof post.adherenceRecords.$inferInsert>().toEqualTypeOf<
      typeof lite.adherenceRecords.$inferInsert
    >();
    expectTypeOf<typeof post.safetyAudit.$inferSelect>().toEqualTypeOf<typeof lite.safetyAudit.$inferSelect>();
    expectTypeOf<typeof post.safetyAudit.$inferInsert>().toEqualTypeOf<typeof lite.safetyAudit.$inferInsert>();
    expectTypeOf<typeof post.protectedReferences.$inferSelect>().toEqualTypeOf<
      typeof lite.protectedReferences.$inferSelect
    >();
    expectTypeOf<typeof post.protectedReferences.$inferInsert>().toEqualTypeOf<
      typeof lite.protectedReferences.$inferInsert
    >();
    expectTypeOf<typeof post.qualityAttempts.$inferSelect>().toEqualTypeOf<typeof lite.qualityAttempts.$inferSelect>();
    expectTypeOf<typeof post.qualityAttempts.$inferInsert>().toEqualTypeOf<typeof lite.qualityAttempts.$inferInsert>();
  });

  it("exports the same 20 tables under the same names", () => {
    const names = (schema: Record<string, unknown>) => Object.keys(schema).sort();
    expect(names(post)).toEqual(names(lite));
    expect(names(post)).toHaveLength(20);
  });

  it("every column has the same name, nullability, default, primary key and enum, and a mapped type", () => {
    const postTables: Record<string, Table> = post;
    for (const [key, liteTable] of Object.entries(lite)) {
      const postTable = postTables[key];
      if (!postTable) throw new Error(`PostgreSQL schema lacks table ${key}`);
      expect(getTableName(postTable)).toBe(getTableName(liteTable));
      const liteColumns = getTableColumns(liteTable);
      const postColumns = getTableColumns(postTable);
      expect(Object.keys(postColumns).sort(), key).toEqual(Object.keys(liteColumns).sort());
      for (const [field, column] of Object.entries(liteColumns)) {
        const twin = postColumns[field];
        expect(twin && describeColumn(twin), `${key}.${field}`).toEqual(describeColumn(column));
        expect(PG_KINDS_FOR[column.columnType], `${key}.${field}: ${column.columnType}`).toContain(twin?.columnType);
      }
    }
  });
});
