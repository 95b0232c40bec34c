import type { Context, Hono } from "hono";
import { html } from "hono/html";
import { hasRole } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { ConsoleDeps, ConsoleEnv, Session } from "./console-deps.js";
import { page } from "./layout.js";
import { barChart, meter } from "./svg-charts.js";

function sessionOf(c: Context<ConsoleEnv>): Session {
  const session = c.get("session");
  if (!session) throw new AppError("unauthorized", "sign in first");
  return session;
}

function usd(value: number | null): string {
  if (value === null) return "—";
  // Compute for a few images costs fractions of a cent: keep two significant digits rather than print $0.0000.
  return value > 0 && value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

/** Usage (generations against the quota, everyone) and Cost (compute cost and margin, admins only). */
export function registerUsageRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/usage", async (c) => {
    const session = sessionOf(c);
    const report = await deps.usage.report(session.principal, c.req.query("period") || undefined);
    const { quota } = report;
    const quotaText =
      quota.limit === null
        ? `${quota.used} generations this month (${report.plan} plan: no monthly cap)`
        : `${quota.used} of ${quota.limit} generations used this month, ${quota.remaining} left`;
    const kinds = Object.entries(report.images.byKind).map(([label, value]) => ({ label, value }));
    const body = html`<section class="card" aria-labelledby="quota-h"><h2 id="quota-h">Quota · ${report.period}</h2>
      <p id="quota-text">${quotaText}${quota.reserved > 0 ? ` (${quota.reserved} reserved by running jobs)` : ""}.</p>
      ${meter(quota.used, quota.limit, quotaText)}
      <p class="muted">Plan: ${report.plan}; commercial rights ${report.commercialRights ? "included" : "not included"}.</p>
    </section>
    <section class="card" aria-labelledby="kinds-h"><h2 id="kinds-h">Images delivered by kind</h2>
      ${kinds.length === 0 ? html`<p class="muted">No images delivered this month.</p>` : barChart({ title: `Images delivered in ${report.period}, by kind`, items: kinds })}
    </section>
    <section class="card" aria-labelledby="compute-h"><h2 id="compute-h">Compute</h2>
      <div class="table-wrap"><table><thead><tr><th scope="col">Engine</th><th scope="col">Device</th><th scope="col">Jobs</th><th scope="col">Seconds</th></tr></thead>
      <tbody>${report.compute.map((r) => html`<tr><td>${r.engine}</td><td>${r.device}</td><td>${r.jobs}</td><td>${r.seconds.toFixed(1)}</td></tr>`)}</tbody></table></div>
    </section>`;
    return c.html(page({ title: "Usage", section: "usage", session, body }));
  });

  app.get("/cost", async (c) => {
    const session = sessionOf(c);
    if (!hasRole(session.principal.role, "admin"))
      throw new AppError("forbidden", "cost and margin are shown to admins of the organisation only");
    const report = await deps.usage.report(session.principal, c.req.query("period") || undefined);
    const cost = report.cost;
    const body = cost
      ? html`<section class="card" aria-labelledby="cost-h"><h2 id="cost-h">Cost and margin · ${report.period}</h2>
      <dl class="kv" id="cost-figures">
        <dt>Compute cost</dt><dd>${usd(cost.computeUsd)}</dd>
        <dt>Revenue</dt><dd>${usd(cost.revenueUsd)}</dd>
        <dt>Gross margin</dt><dd>${cost.grossMargin === null ? "—" : `${(cost.grossMargin * 100).toFixed(1)} %`}</dd>
        <dt>Cost per image</dt><dd>${usd(cost.costPerImageUsd)}</dd>
      </dl></section>
      <section class="card" aria-labelledby="engine-h"><h2 id="engine-h">Compute seconds by engine</h2>
      ${report.compute.length === 0 ? html`<p class="muted">No compute this month.</p>` : barChart({ title: "Compute seconds by engine", unit: " s", items: report.compute.map((r) => ({ label: r.engine, value: Math.round(r.seconds * 10) / 10 })) })}
      </section>`
      : html`<p class="card">No cost figures are available.</p>`;
    return c.html(page({ title: "Cost", section: "cost", session, body }));
  });
}
