import { API } from "@easel/shared/protocol";
import type { AssetService } from "../../assets/asset-service.js";
import { ContractRouter } from "../contract.js";
import { readImageBody, uploadLimit } from "../upload-body.js";

const CONTENT_TYPES = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;

/** `POST /v1/assets` (raw image bytes or multipart `file`), `GET /v1/assets[/:id[/content]]`. */
export function assetRoutes(assets: AssetService, maxUploadBytes: number) {
  return new ContractRouter("/v1/assets")
    .on(
      API.uploadAsset,
      async (c) => {
        const asset = await assets.upload(c.get("principal").orgId, await readImageBody(c));
        c.header("location", `/v1/assets/${asset.id}`);
        return asset;
      },
      uploadLimit(maxUploadBytes),
    )
    .on(API.listAssets, async (c, { query }) => assets.list(c.get("principal").orgId, query.limit, query.cursor))
    .on(API.getAsset, async (c, { params }) => assets.get(c.get("principal").orgId, params.id))
    .on(API.assetContent, async (c, { params }) => {
      const etag = `"${params.id}"`;
      const { bytes, format } = await assets.content(c.get("principal").orgId, params.id);
      if (c.req.header("if-none-match") === etag) return c.body(null, 304);
      return c.body(new Uint8Array(bytes), 200, {
        "content-type": CONTENT_TYPES[format],
        etag,
        // Content-addressed: the bytes behind an id never change.
        "cache-control": "private, max-age=31536000, immutable",
      });
    }).app;
}
