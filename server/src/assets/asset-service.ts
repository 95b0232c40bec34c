import type { Asset, AssetList, ImageFormat } from "@easel/shared/protocol";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { assets } from "../db/schema.js";
import { AppError } from "../http/app-error.js";
import { type BlobStore, sha256Hex } from "../storage/blob-store.js";
import { probeImage } from "./image-probe.js";

type AssetRow = typeof assets.$inferSelect;

export interface StoredImage {
  sha256: string;
  width: number;
  height: number;
  format: ImageFormat;
  bytes: number;
  hasAlpha: boolean;
}

/** Uploads, lookups and listings of an org's images; the bytes live in the blob store. */
export class AssetService {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly maxInputPixels: number,
  ) {}

  /** Validates and stores uploaded bytes; the same bytes give the same asset (and no second copy). */
  async upload(orgId: string, bytes: Uint8Array): Promise<Asset> {
    if (bytes.length === 0)
      throw new AppError("validation", "the request body is empty: send image bytes", { field: "body" });
    const sha256 = await sha256Hex(bytes);
    const existing = this.find(orgId, sha256);
    if (existing) return toAsset(existing);
    const probed = await probeImage(bytes, this.maxInputPixels);
    await this.blobs.put(bytes, sha256);
    return toAsset(this.record(orgId, { sha256, bytes: bytes.length, ...probed }, "upload"));
  }

  /** Records an already stored blob as an asset of the org (idempotent). */
  record(orgId: string, image: StoredImage, source: "upload" | "output"): AssetRow {
    const row: AssetRow = {
      orgId,
      id: image.sha256,
      width: image.width,
      height: image.height,
      format: image.format,
      bytes: image.bytes,
      hasAlpha: image.hasAlpha,
      source,
      createdAt: Date.now(),
    };
    this.db.insert(assets).values(row).onConflictDoNothing().run();
    return this.find(orgId, image.sha256) ?? row;
  }

  find(orgId: string, id: string): AssetRow | undefined {
    return this.db
      .select()
      .from(assets)
      .where(and(eq(assets.orgId, orgId), eq(assets.id, id)))
      .get();
  }

  /** The asset, or a 404 naming `field` — also for other orgs' assets, which must stay invisible. */
  require(orgId: string, id: string, field = "id"): AssetRow {
    const row = this.find(orgId, id);
    if (!row) throw new AppError("not_found", `asset ${id} was not found`, { field });
    return row;
  }

  get(orgId: string, id: string): Asset {
    return toAsset(this.require(orgId, id));
  }

  list(orgId: string, limit: number, cursor?: string): AssetList {
    const before = cursor ? Number(cursor) : undefined;
    const rows = this.db
      .select()
      .from(assets)
      .where(
        before === undefined ? eq(assets.orgId, orgId) : and(eq(assets.orgId, orgId), lt(assets.createdAt, before)),
      )
      .orderBy(desc(assets.createdAt))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { assets: page.map(toAsset), nextCursor: rows.length > limit && last ? String(last.createdAt) : null };
  }

  /** A local file with the asset's bytes (fetched into the read cache first when blobs are remote). */
  localPath(id: string): Promise<string> {
    return this.blobs.localPath(id);
  }

  async content(orgId: string, id: string): Promise<{ bytes: Buffer; format: ImageFormat }> {
    const row = this.require(orgId, id);
    return { bytes: await this.blobs.get(row.id), format: row.format };
  }
}

/** The API shape of an asset row. */
export function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    sha256: row.id,
    width: row.width,
    height: row.height,
    format: row.format,
    bytes: row.bytes,
    hasAlpha: row.hasAlpha,
    createdAt: new Date(row.createdAt).toISOString(),
    url: assetContentUrl(row.id),
  };
}

export function assetContentUrl(id: string): string {
  return `/v1/assets/${id}/content`;
}
