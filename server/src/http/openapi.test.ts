import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_ROUTES, openApiPath } from "@easel/shared/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEasel, type Easel } from "../app.js";
import { loadConfig } from "../config/config.js";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: { name: string }[] }>>;
  components: { schemas: Record<string, unknown> };
};

/** Every `$ref` in `value` (OpenAPI local refs only). */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

describe("the route contract", () => {
  let dir: string;
  let easel: Easel;
  let doc: Doc;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "easel-openapi-"));
    easel = await createEasel(loadConfig({ EASEL_DATA_DIR: dir, EASEL_WORKERS: "1", EASEL_LOG_LEVEL: "silent" }));
    doc = (await (await easel.app.request("/v1/openapi.json")).json()) as Doc;
    await easel.keys.ensureOrg("acme", "pro");
    key = (await easel.keys.createKey("acme", "ada", "admin")).key;
  }, 60_000);

  afterAll(async () => {
    await easel?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("documents every mounted route with its method and path (the console's HTML pages excepted)", () => {
    const mounted = new Set(
      easel.app.routes
        .filter((r) => r.method !== "ALL" && !r.path.startsWith("/console"))
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`)),
    );
    expect([...mounted].sort()).toEqual([...documented].sort());
    // The contract is what both come from: no route declared and left unmounted.
    expect(documented.size).toBe(API_ROUTES.length);
    expect(mounted).toContain("get /v1/brand-kits/{slug}/versions/{version}/files/{file}");
    expect(mounted).toContain("get /v1/transparency/key");
  });

  it("is a structurally valid OpenAPI 3.1 document: every $ref resolves, every operation has responses", () => {
    expect(doc.openapi).toBe("3.1.0");
    const all = refs(doc);
    expect(all).toContain("#/components/schemas/Problem");
    for (const ref of all) expect(resolve(doc, ref), ref).toBeDefined();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
        const names = (op.parameters ?? []).map((p) => p.name);
        for (const name of templated) expect(names, `${method} ${path}`).toContain(name);
      }
    }
  });

  it("documents uploads as bytes or multipart and the event stream as text/event-stream", () => {
    const upload = JSON.stringify(doc.paths["/v1/assets"]?.post);
    expect(upload).toContain("image/png");
    expect(upload).toContain("multipart/form-data");
    expect(JSON.stringify(doc.paths["/v1/brand-kits"]?.post)).toContain("application/zip");
    expect(JSON.stringify(doc.paths["/v1/jobs/{id}/events"]?.get?.responses)).toContain("text/event-stream");
    expect(JSON.stringify(doc.paths["/v1/jobs"]?.post)).toContain("upscale");
  });

  it("answers a request the contract refuses with a 400 problem naming the field", async () => {
    const auth = { authorization: `Bearer ${key}` };
    const cases: [string, string][] = [
      ["/v1/transparency/inclusion", "index"],
      ["/v1/transparency/consistency?first=x", "first"],
      ["/v1/brand-kits/acme/versions/zero", "version"],
      ["/v1/brand-kits/acme/diff?from=1", "to"],
      ["/v1/assets?limit=0", "limit"],
      ["/v1/jobs?status=bogus", "status"],
    ];
    for (const [path, field] of cases) {
      const res = await easel.app.request(path, { headers: auth });
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
      expect(((await res.json()) as { field?: string }).field, path).toBe(field);
    }
    const title = await easel.app.request("/v1/safety/references", { method: "POST", headers: auth, body: "x" });
    expect(title.status).toBe(400);
    expect(((await title.json()) as { field?: string }).field).toBe("title");
  });
});
