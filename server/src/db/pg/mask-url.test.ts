import { describe, expect, it } from "vitest";
import { maskPostgresUrl } from "./mask-url.js";

describe("maskPostgresUrl", () => {
  it("hides the password and keeps user, host, port and database", () => {
    expect(maskPostgresUrl("postgres://easel:hunter2@db.internal:5433/easel")).toBe(
      "postgres://easel:***@db.internal:5433/easel",
    );
  });

  it("hides a password given as a query parameter", () => {
    const masked = maskPostgresUrl("postgresql://easel@db/easel?sslmode=require&password=hunter2");
    expect(masked).toBe("postgresql://easel@db/easel?sslmode=require&password=***");
  });

  it("leaves a URL without a password unchanged", () => {
    expect(maskPostgresUrl("postgres://easel@127.0.0.1:5432/easel_test")).toBe(
      "postgres://easel@127.0.0.1:5432/easel_test",
    );
  });

  it("still hides the password of a URL that does not parse", () => {
    const masked = maskPostgresUrl("postgres://easel:hunter2@[bad-host/easel");
    expect(masked).not.toContain("hunter2");
    expect(masked).toContain("easel:***@");
  });
});
