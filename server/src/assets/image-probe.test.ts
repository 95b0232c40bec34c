import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRaster } from "../imaging/raster-io.js";
import { probeImage } from "./image-probe.js";

const photos = fileURLToPath(new URL("../../../tests/fixtures/photos/", import.meta.url));
const MAX_PIXELS = 40_000_000;

/** A copy of `png` with the CRC of its first `type` chunk flipped. */
function breakChunkCrc(png: Buffer, type: string): Buffer {
  const out = Buffer.from(png);
  for (let at = 8; at + 12 <= out.length; at += 12 + out.readUInt32BE(at)) {
    if (out.toString("ascii", at + 4, at + 8) === type) {
      const crc = at + 8 + out.readUInt32BE(at);
      out[crc] = (out[crc] as number) ^ 0xff;
      return out;
    }
  }
  throw new Error(`no ${type} chunk`);
}

let dir: string;
let png: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "easel-probe-"));
  // A real photo with its colour profile and Exif kept: ancillary chunks to break as well as critical ones.
  png = await sharp(await readFile(join(photos, "coffee-cup.png")))
    .resize(80)
    .withMetadata()
    .png()
    .toBuffer();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What the probe says, and whether the engines' reader decodes the same bytes. */
async function verdicts(bytes: Buffer): Promise<{ probe: "accepted" | number; engine: "decoded" | "failed" }> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.png`);
  await writeFile(path, bytes);
  const probe = await probeImage(bytes, MAX_PIXELS).then(
    () => "accepted" as const,
    (error: { status: number; field?: string }) => {
      expect(error.field).toBe("body");
      return error.status;
    },
  );
  const engine = await readRaster(path).then(
    () => "decoded" as const,
    () => "failed" as const,
  );
  return { probe, engine };
}

describe("probeImage decides as the engines decode", () => {
  it("refuses (422) a PNG whose critical chunk fails its CRC, which the engines could not decode", async () => {
    for (const chunk of ["IHDR", "IDAT"]) {
      expect(await verdicts(breakChunkCrc(png, chunk))).toEqual({ probe: 422, engine: "failed" });
    }
  });

  it("accepts a PNG whose ancillary chunk fails its CRC, which libpng drops in the engines too", async () => {
    for (const chunk of ["iCCP", "eXIf"]) {
      expect(await verdicts(breakChunkCrc(png, chunk))).toEqual({ probe: "accepted", engine: "decoded" });
    }
  });

  it("refuses a truncated PNG with a 422 and accepts the whole one", async () => {
    expect(await verdicts(png.subarray(0, Math.floor(png.length * 0.7)))).toEqual({ probe: 422, engine: "failed" });
    expect(await verdicts(png)).toEqual({ probe: "accepted", engine: "decoded" });
  });
});
