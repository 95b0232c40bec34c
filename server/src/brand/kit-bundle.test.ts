import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readKitBundle } from "./kit-bundle.js";
import { KitError, type KitErrorReason } from "./kit-error.js";

const photo = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/photos/${name}`, import.meta.url)));

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><!-- mark --><circle cx="5" cy="5" r="4" fill="#c8391e"/></svg>`;

const KIT = {
  schemaVersion: 2,
  name: "Harvest Table",
  slug: "harvest-table",
  palette: [{ name: "Terracotta", hex: "#c8391e", role: "primary", weight: 1 }],
  logos: [{ file: "logos/mark.svg" }],
  references: [{ file: "references/fig.png" }, { file: "references/coffee.jpg" }],
};

async function files(kit: unknown = KIT, extra: Record<string, Uint8Array> = {}): Promise<Map<string, Uint8Array>> {
  const coffeeJpeg = new Uint8Array(await sharp(photo("coffee-cup.png")).jpeg({ quality: 85 }).toBuffer());
  return new Map(
    Object.entries({
      "brand-kit.json": strToU8(JSON.stringify(kit)),
      "logos/mark.svg": strToU8(LOGO),
      "references/fig.png": photo("fig-in-red-bowl.png"),
      "references/coffee.jpg": coffeeJpeg,
      ...extra,
    }),
  );
}

function zip(map: Map<string, Uint8Array>, prefix = ""): Uint8Array {
  return zipSync(Object.fromEntries([...map].map(([name, bytes]) => [prefix + name, bytes])));
}

async function failure(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KitError);
    return error as KitError;
  }
  throw new Error("the bundle was accepted");
}

async function expectKitError(
  promise: Promise<unknown>,
  reason: KitErrorReason,
  where: { field?: string; file?: string },
): Promise<KitError> {
  const error = await failure(promise);
  expect({ reason: error.reason, field: error.field, file: error.file }).toEqual({
    reason,
    field: where.field,
    file: where.file,
  });
  return error;
}

describe("readKitBundle", () => {
  it("reads a multipart-style bundle: kit upgraded, images probed, SVG sanitised", async () => {
    const { kit, assets } = await readKitBundle(await files());
    expect(kit.slug).toBe("harvest-table");
    expect(kit.grading.enabled).toBe(true);
    expect(assets.map((a) => [a.file, a.kind, a.format, a.width, a.height])).toEqual([
      ["logos/mark.svg", "logo", "svg", undefined, undefined],
      ["references/fig.png", "reference", "png", 512, 344],
      ["references/coffee.jpg", "reference", "jpeg", 512, 340],
    ]);
    expect(new TextDecoder().decode(assets[0]?.bytes)).not.toContain("<!--");
  });

  it("reads the same bundle from a zip, also when zipped as one folder", async () => {
    const map = await files();
    for (const archive of [zip(map), zip(map, "harvest-table/")]) {
      const { assets } = await readKitBundle(archive);
      expect(assets.map((a) => a.file)).toEqual(["logos/mark.svg", "references/fig.png", "references/coffee.jpg"]);
      expect(Buffer.from(assets[1]?.bytes ?? []).equals(Buffer.from(map.get("references/fig.png") ?? []))).toBe(true);
    }
  });

  it("skips OS clutter that zip tools add", async () => {
    const map = await files(KIT, { "__MACOSX/._mark.svg": new Uint8Array([0]), ".DS_Store": new Uint8Array([0]) });
    await expect(readKitBundle(zip(map))).resolves.toMatchObject({ kit: { slug: "harvest-table" } });
  });

  it("names the JSON path of an invalid field", async () => {
    const bad = { ...KIT, palette: [{ ...KIT.palette[0], hex: "#c8391" }] };
    const error = await expectKitError(readKitBundle(await files(bad)), "invalid_kit", {
      field: "palette[0].hex",
      file: "brand-kit.json",
    });
    expect(error.status).toBe(400);
    expect(error.message).toContain("`palette[0].hex` must be a hex colour");
  });

  it("refuses a document that is not JSON", async () => {
    const map = await files();
    map.set("brand-kit.json", strToU8("{ name: 'x' "));
    await expectKitError(readKitBundle(map), "invalid_json", { file: "brand-kit.json" });
  });

  it("names a referenced file that is missing, and a file nobody references", async () => {
    const map = await files();
    map.delete("references/coffee.jpg");
    await expectKitError(readKitBundle(map), "missing_file", {
      field: "references[1].file",
      file: "references/coffee.jpg",
    });
    await expectKitError(readKitBundle(await files(KIT, { "notes.txt": strToU8("hi") })), "unreferenced_file", {
      file: "notes.txt",
    });
    const noDocument = await files();
    noDocument.delete("brand-kit.json");
    await expectKitError(readKitBundle(noDocument), "missing_file", { file: "brand-kit.json" });
  });

  it("refuses a malicious SVG logo, naming the file", async () => {
    const map = await files();
    map.set("logos/mark.svg", strToU8(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('//evil.example')"/>`));
    const error = await expectKitError(readKitBundle(map), "unsafe_svg", {
      field: "logos[0].file",
      file: "logos/mark.svg",
    });
    expect(error.message).toContain("event-handler");
  });

  it("refuses a truncated image and an image whose name lies about its format", async () => {
    const truncated = await files();
    const fig = truncated.get("references/fig.png") as Uint8Array;
    truncated.set("references/fig.png", fig.subarray(0, fig.length >> 1));
    await expectKitError(readKitBundle(truncated), "bad_image", {
      field: "references[0].file",
      file: "references/fig.png",
    });
    const renamed = await files();
    renamed.set("references/coffee.jpg", photo("coffee-cup.png"));
    const error = await expectKitError(readKitBundle(renamed), "bad_image", {
      field: "references[1].file",
      file: "references/coffee.jpg",
    });
    expect(error.message).toContain("PNG");
  });

  it("enforces the image size limit from the header", async () => {
    const error = await expectKitError(readKitBundle(await files(), { maxImagePixels: 256 * 256 }), "too_large", {
      field: "references[0].file",
      file: "references/fig.png",
    });
    expect(error.status).toBe(413);
  });

  it("refuses path traversal and absolute names in a zip", async () => {
    const map = await files();
    for (const name of ["../evil.png", "logos/../../evil.png", "/etc/cron.d/evil", "C:/evil.png", "logos\\evil.png"]) {
      const archive = zipSync({ ...Object.fromEntries(map), [name]: new Uint8Array([1]) });
      await expectKitError(readKitBundle(archive), "unsafe_path", { file: name });
    }
  });

  it("stops a zip bomb without inflating it, by counting real output", async () => {
    // 64 MiB of zeros deflates to ~64 KiB; the declared sizes are not what stops it.
    const bomb = zipSync(
      { ...Object.fromEntries(await files()), "references/huge.png": new Uint8Array(64 * 1024 * 1024) },
      { level: 1 },
    );
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const error = await expectKitError(
      readKitBundle(bomb, { maxFileBytes: 1024 * 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 }),
      "too_large",
      { file: "references/huge.png" },
    );
    expect(error.message).toContain("expands to over");
  });

  it("refuses too many files, oversized files and something that is not a zip", async () => {
    await expectKitError(readKitBundle(await files(), { maxFiles: 3 }), "too_many_files", {});
    await expectKitError(readKitBundle(await files(), { maxFileBytes: 100 * 1024 }), "too_large", {
      file: "references/fig.png",
    });
    await expectKitError(readKitBundle(photo("coffee-cup.png")), "bad_zip", {});
    const archive = zip(await files());
    await expectKitError(readKitBundle(archive.subarray(0, archive.length >> 1)), "bad_zip", {});
  });

  it("upgrades a version-1 kit inside a bundle", async () => {
    const v1 = {
      version: 1,
      name: "Old",
      slug: "old-kit",
      colors: ["#c8391e"],
      logo: "logos/mark.svg",
      references: ["references/fig.png", "references/coffee.jpg"],
    };
    const { kit } = await readKitBundle(await files(v1));
    expect(kit.schemaVersion).toBe(2);
    expect(kit.palette[0]?.role).toBe("primary");
  });
});
