import { API } from "@easel/shared/protocol";
import type { Context } from "hono";
import type { BrandKitService } from "../../brand/brand-kit-service.js";
import { AppError } from "../../errors/app-error.js";
import { contentDisposition } from "../content-disposition.js";
import { ContractRouter } from "../contract.js";
import type { AppEnv } from "../env.js";
import { pathParam } from "../path-param.js";
import { readMultipart, uploadLimit } from "../upload-body.js";

/**
 * A kit bundle from the request: a zip body (`application/zip`), or multipart where every file part is
 * named by its path in the bundle (`brand-kit.json`, `logos/mark.svg`, …).
 */
async function readBundle(c: Context<AppEnv>): Promise<Map<string, Uint8Array> | Uint8Array> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/zip") || type.startsWith("application/x-zip")) {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  if (!type.startsWith("multipart/form-data")) {
    throw new AppError(
      "unsupported_media_type",
      "send the kit as multipart/form-data (one part per file) or as a zip",
      {
        field: "body",
      },
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, value] of (await readMultipart(c)).entries()) {
    if (!(value instanceof Blob) && name !== "brand-kit.json") continue;
    const path = value instanceof Blob && !name.includes(".") ? (value as File).name : name;
    // Two parts for one path would silently keep the last: refuse, as a zip with a repeated entry is.
    if (files.has(path)) {
      throw new AppError("validation", `${path} appears twice in the upload`, { field: path });
    }
    files.set(
      path,
      value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : new TextEncoder().encode(value),
    );
  }
  return files;
}

/** Brand kits: upload versions (brand admins), read, diff, files, drift. */
export function brandKitRoutes(kits: BrandKitService, maxUploadBytes: number) {
  const limit = uploadLimit(maxUploadBytes, "kit uploads");
  const created = (c: Context<AppEnv>, version: { slug: string; version: number }) =>
    c.header("location", `/v1/brand-kits/${version.slug}/versions/${version.version}`);
  return new ContractRouter("/v1/brand-kits")
    .on(API.listBrandKits, async (c) => ({ kits: await kits.list(c.get("principal").orgId) }))
    .on(
      API.createBrandKit,
      async (c) => {
        const version = await kits.upload(c.get("principal"), await readBundle(c));
        created(c, version);
        return version;
      },
      limit,
    )
    .on(
      API.uploadBrandKitVersion,
      async (c, { params }) => {
        const version = await kits.upload(c.get("principal"), await readBundle(c), params.slug);
        created(c, version);
        return version;
      },
      limit,
    )
    .on(API.getBrandKit, async (c, { params }) => kits.version(c.get("principal").orgId, params.slug))
    .on(API.getBrandKitVersion, async (c, { params }) =>
      kits.version(c.get("principal").orgId, params.slug, params.version),
    )
    .on(API.brandKitFile, async (c, { params }) => {
      const file = pathParam(c, "file");
      const { bytes, contentType } = await kits.file(c.get("principal").orgId, params.slug, params.version, file);
      return c.body(new Uint8Array(bytes), 200, {
        "content-type": contentType,
        "content-disposition": contentDisposition("attachment", file),
        "cache-control": "private, max-age=31536000, immutable",
        // Sanitised SVGs still never run as documents here.
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      });
    })
    .on(API.brandKitDiff, async (c, { params, query }) =>
      kits.diff(c.get("principal").orgId, params.slug, query.from, query.to),
    )
    .on(API.brandKitDrift, async (c, { params }) => kits.drift(c.get("principal").orgId, params.slug)).app;
}
