import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import type { Principal } from "../auth/principal.js";
import { freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import { PLANS } from "./plans.js";
import { QuotaLedger } from "./quota-ledger.js";
import { UsageService } from "./usage-service.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const CAPACITY = readFileSync(new URL("../../../docs/capacity.md", import.meta.url), "utf8");

/** The "revenue model" cell of a plan's row in the README's plan table. */
function readmeRevenueCell(plan: string): string | undefined {
  const row = README.split("\n").find((line) => line.startsWith(`| ${plan} |`));
  return row
    ?.split("|")
    .map((cell) => cell.trim())
    .filter(Boolean)
    .at(-1);
}

const dbs = freshMetaDbs();

describe("plan prices", () => {
  it("charges pro $30 a month, as the product brief says, and reports it as an admin's monthly revenue", async () => {
    expect(PLANS.pro.monthlyPriceUsd).toBe(30);
    const meta = await dbs.fresh("sqlite");
    const org = await new ApiKeys(meta).ensureOrg("studio", "pro");
    const admin: Principal = {
      orgId: org.id,
      orgSlug: org.slug,
      plan: "pro",
      settings: { diversifyPeople: false, protectedNames: "rewrite", promptInManifest: false },
      userId: "usr_test",
      userName: "ana",
      role: "admin",
      keyId: "key_test",
    };
    const report = await new UsageService(meta, new QuotaLedger(meta), { cpuSecondUsd: 0, gpuSecondUsd: 0 }).report(
      admin,
    );
    expect(report.cost?.revenueUsd).toBe(30);
  });

  it("quotes every plan's price in the README's plan table and the capacity plan as plans.ts charges it", () => {
    expect(readmeRevenueCell("free")).toBe("—");
    expect(readmeRevenueCell("pro")).toBe(`$${PLANS.pro.monthlyPriceUsd} / month`);
    expect(readmeRevenueCell("enterprise")).toBe(`$${PLANS.enterprise.pricePerImageUsd} per image`);
    expect(CAPACITY).toContain(`pro ($${PLANS.pro.monthlyPriceUsd}/month`);
    expect(CAPACITY).toContain(`earned $${PLANS.enterprise.pricePerImageUsd}`);
  });
});
