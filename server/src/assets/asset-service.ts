import type { Asset, AssetList, ImageFormat } from "@easel/shared/protocol";
import { and, desc, eq, lt } from "drizzle-orm";
import { first, type MetaDb, type Q } from "../db/meta-db.js";
import type { assets } from "../db/schema.js";
import { AppError } from "../errors/app-error.js";
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
    private readonly db: MetaDb,
    private readonly blobs: BlobStore,
    private readonly maxInputPixels: number,
  ) {}

  /** Validates and stores uploaded bytes; the same bytes give the same asset (and no second copy). */
  async upload(orgId: string, bytes: Uint8Array): Promise<Asset> {
    if (bytes.length === 0)
      throw new AppError("validation", "the request body is empty: send image bytes", { field: "body" });
    const sha256 = await sha256Hex(bytes);
    const existing = await this.find(orgId, sha256);
    if (existing) return toAsset(existing);
    const probed = await probeImage(bytes, this.maxInputPixels);
    await this.blobs.put(bytes, sha256);
    return toAsset(await this.record(orgId, { sha256, bytes: bytes.length, ...probed }, "upload"));
  }

  /**
   * Records an already stored blob as an asset of the org (idempotent: when the same bytes are recorded
   * twice, also by two API nodes at once, the first row stays and both get it).
   */
  async record(orgId: string, image: StoredImage, source: "upload" | "output"): Promise<AssetRow> {
    const { assets } = this.db.t;
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
    return this.db.run(async (q) => {
      await q.insert(assets).values(row).onConflictDoNothing();
      return (await this.findIn(q, orgId, image.sha256)) ?? row;
    });
  }

  /** The org's asset, or undefined. */
  find(orgId: string, id: string): Promise<AssetRow | undefined> {
    return this.db.run((q) => this.findIn(q, orgId, id));
  }

  /** The asset, or a 404 naming `field` — also for other orgs' assets, which must stay invisible. */
  async require(orgId: string, id: string, field = "id"): Promise<AssetRow> {
    const row = await this.find(orgId, id);
    if (!row) throw new AppError("not_found", `asset ${id} was not found`, { field });
    return row;
  }

  /** The asset in its API shape, or a 404. */
  async get(orgId: string, id: string): Promise<Asset> {
    return toAsset(await this.require(orgId, id));
  }

  /** The org's assets, newest first; `cursor` is the `nextCursor` of the previous page. */
  async list(orgId: string, limit: number, cursor?: string): Promise<AssetList> {
    const { assets } = this.db.t;
    const before = cursor ? cursorBound(cursor) : undefined;
    if (before === null) return { assets: [], nextCursor: null };
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(assets)
        .where(
          before === undefined ? eq(assets.orgId, orgId) : and(eq(assets.orgId, orgId), lt(assets.createdAt, before)),
        )
        .orderBy(desc(assets.createdAt))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { assets: page.map(toAsset), nextCursor: rows.length > limit && last ? String(last.createdAt) : null };
  }

  /** A local file with the asset's bytes (fetched into the read cache first when blobs are remote). */
  localPath(id: string): Promise<string> {
    return this.blobs.localPath(id);
  }

  /** The asset's bytes and format, or a 404. */
  async content(orgId: string, id: string): Promise<{ bytes: Buffer; format: ImageFormat }> {
    const row = await this.require(orgId, id);
    return { bytes: await this.blobs.get(row.id), format: row.format };
  }

  private async findIn(q: Q, orgId: string, id: string): Promise<AssetRow | undefined> {
    const { assets } = this.db.t;
    return first(
      await q
        .select()
        .from(assets)
        .where(and(eq(assets.orgId, orgId), eq(assets.id, id)))
        .limit(1),
    );
  }
}

/**
 * The `createdAt` bound (ms) a page cursor stands for, as an integer both dialects can bind (PostgreSQL
 * refuses fractions and numbers past int8 for a bigint column): the same rows as comparing with the
 * number itself. null for a cursor that is not a number, which matches no rows (SQLite compares with NaN
 * as with NULL).
 */
function cursorBound(cursor: string): number | null {
  const n = Number(cursor);
  if (Number.isNaN(n)) return null;
  return Math.min(Math.max(Math.ceil(n), Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
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

/** Where the API serves an asset's bytes. */
export function assetContentUrl(id: string): string {
  return `/v1/assets/${id}/content`;
}
