import { Hono } from "hono";
import { z } from "zod";
import type { AssetService } from "../../assets/asset-service.js";
import type { AppEnv } from "../env.js";
import { readImageBody, uploadLimit } from "../upload-body.js";
import { parseOrThrow } from "../validate.js";

const CONTENT_TYPES = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

/** `POST /v1/assets` (raw image bytes or multipart `file`), `GET /v1/assets[/:id[/content]]`. */
export function assetRoutes(assets: AssetService, maxUploadBytes: number) {
  return new Hono<AppEnv>()
    .post("/", uploadLimit(maxUploadBytes), async (c) => {
      const asset = await assets.upload(c.get("principal").orgId, await readImageBody(c));
      return c.json(asset, 201, { location: `/v1/assets/${asset.id}` });
    })
    .get("/", async (c) => {
      const query = parseOrThrow(ListQuery, c.req.query(), "query");
      return c.json(await assets.list(c.get("principal").orgId, query.limit, query.cursor));
    })
    .get("/:id", async (c) => c.json(await assets.get(c.get("principal").orgId, c.req.param("id"))))
    .get("/:id/content", async (c) => {
      const id = c.req.param("id");
      const etag = `"${id}"`;
      const { bytes, format } = await assets.content(c.get("principal").orgId, id);
      if (c.req.header("if-none-match") === etag) return c.body(null, 304);
      return c.body(new Uint8Array(bytes), 200, {
        "content-type": CONTENT_TYPES[format],
        etag,
        // Content-addressed: the bytes behind an id never change.
        "cache-control": "private, max-age=31536000, immutable",
      });
    });
}
