import { API, type Readiness } from "@easel/shared/protocol";
import { ContractRouter } from "../contract.js";

export interface ReadinessProbe {
  name: string;
  check(): Promise<{ ok: boolean; detail: string }>;
}

/** `GET /health` (the process answers) and `GET /ready` (its dependencies work). */
export function systemRoutes(version: string, probes: ReadinessProbe[]) {
  const startedAt = Date.now();
  return new ContractRouter()
    .on(API.health, () => ({
      status: "ok" as const,
      version,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
    }))
    .on(API.ready, async (c) => {
      const checks: Readiness["checks"] = {};
      for (const probe of probes) {
        try {
          checks[probe.name] = await probe.check();
        } catch (error) {
          checks[probe.name] = { ok: false, detail: (error as Error).message };
        }
      }
      const ready = Object.values(checks).every((check) => check.ok);
      return c.json({ status: ready ? "ready" : "not_ready", checks } satisfies Readiness, ready ? 200 : 503);
    }).app;
}
