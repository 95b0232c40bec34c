import pg from "pg";

/**
 * The SQLSTATE of a PostgreSQL error (e.g. "23505"), looking through wrappers: drizzle wraps driver
 * errors in a `DrizzleQueryError` whose `cause` is node-postgres' `DatabaseError`.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof pg.DatabaseError) return current.code;
  }
  return undefined;
}

/** Whether the error is a unique-constraint violation (SQLSTATE 23505 unique_violation). */
export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === "23505";
}
