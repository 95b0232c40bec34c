import type { EaselClient } from "@easel/shared/client";
import type { PaletteColour } from "@easel/shared/protocol";

/** A kit's palette, pinned to the version it was read from (`slug@N`, recorded with the recolor job). */
export interface BrandPalette {
  kit: string;
  name: string;
  swatches: PaletteColour[];
}

/** Reads the palette of `ref` (`slug` for the latest version, or `slug@N`), primary colours first. */
export async function brandPalette(client: Pick<EaselClient, "getBrandKit">, ref: string): Promise<BrandPalette> {
  const match = /^([a-z0-9][a-z0-9-]{0,62})(?:@([1-9][0-9]*))?$/.exec(ref.trim());
  if (!match) throw new Error("Type the brand kit as its slug, e.g. acme (or acme@2 for a version).");
  const slug = match[1] as string;
  const found = await client.getBrandKit(slug, match[2] ? Number(match[2]) : undefined);
  const order = ["primary", "secondary", "accent", "neutral"];
  const swatches = [...found.kit.palette].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return { kit: `${found.slug}@${found.version}`, name: found.kit.name, swatches };
}
