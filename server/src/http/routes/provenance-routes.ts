import { Hono } from "hono";
import type { ProvenanceService } from "../../provenance/provenance-service.js";
import { AppError } from "../../errors/app-error.js";
import type { AppEnv } from "../env.js";
import { readImageBody, uploadLimit } from "../upload-body.js";

function intQuery(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new AppError("validation", `\`${field}\` must be an integer`, { field });
  return n;
}

/** Public routes: anyone may verify an image and audit the transparency log. */
export function publicProvenanceRoutes(provenance: ProvenanceService, maxUploadBytes: number) {
  return new Hono<AppEnv>()
    .post("/provenance/verify", uploadLimit(maxUploadBytes, "images"), async (c) => {
      const bytes = await readImageBody(c);
      if (bytes.length === 0)
        throw new AppError("validation", "send the image to verify as the body", { field: "body" });
      try {
        return c.json(await provenance.verify(bytes));
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError("unsupported_media_type", "the body is not an image whose Content Credentials can be read", {
          field: "body",
        });
      }
    })
    .get("/transparency/tree-head", async (c) => c.json(await provenance.treeHead()))
    .get("/transparency/key", async (c) => c.json(await provenance.transparencyKey()))
    .get("/transparency/inclusion", async (c) =>
      c.json(
        await provenance.inclusionProof(
          intQuery(c.req.query("index"), "index") ?? Number.NaN,
          intQuery(c.req.query("size"), "size"),
        ),
      ),
    )
    .get("/transparency/consistency", async (c) =>
      c.json(
        await provenance.consistencyProof(
          intQuery(c.req.query("first"), "first") ?? Number.NaN,
          intQuery(c.req.query("second"), "second"),
        ),
      ),
    );
}

/** Org-scoped: the stored manifest of an output (other orgs' manifests answer 404). */
export function manifestRoutes(provenance: ProvenanceService) {
  return new Hono<AppEnv>().get("/:id", async (c) =>
    c.json(await provenance.manifest(c.get("principal").orgId, c.req.param("id"))),
  );
}
