import { EaselClient } from "@easel/shared/client";
import type { BrandKitSummary } from "@easel/shared/protocol";

/** One entry of `GET /v1/brand-kits`. */
export type KitSummary = BrandKitSummary;

/** Lists the organisation's brand kits (through `EaselClient`, typed by the route contract). */
export async function listBrandKits(serverUrl: string, apiKey: string): Promise<KitSummary[]> {
  return (await new EaselClient({ baseUrl: serverUrl, apiKey }).listBrandKits()).kits;
}
