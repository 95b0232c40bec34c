import { z } from "zod";

export const ImageFormat = z.enum(["png", "jpeg", "webp"]);
export type ImageFormat = z.infer<typeof ImageFormat>;

/** A content-addressed image: the id is the sha256 of its bytes, so same bytes → same id. */
export const AssetId = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 asset id (64 hex characters)");
export type AssetId = z.infer<typeof AssetId>;

export const Asset = z.object({
  id: AssetId,
  sha256: AssetId,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: ImageFormat,
  bytes: z.number().int().positive(),
  hasAlpha: z.boolean(),
  createdAt: z.string(),
  url: z.string(),
});
export type Asset = z.infer<typeof Asset>;

export const AssetList = z.object({ assets: z.array(Asset), nextCursor: z.string().nullable() });
export type AssetList = z.infer<typeof AssetList>;

/** Query of `GET /v1/assets`. */
export const AssetListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
export type AssetListQuery = z.infer<typeof AssetListQuery>;
