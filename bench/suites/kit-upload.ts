import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { exampleKitFiles, kitForm } from "../../tests/support/brand-kits.js";
import { startEasel } from "../../tests/support/easel-process.js";
import { type BenchSuite, median, round } from "../lib/suite.js";

// A brand admin uploads a kit version with 10 reference images (~768 px JPEGs from the fixture photos)
// over HTTP: multipart parse, validation of every image, sanitising the logos, storing, fitting the grade.

const PHOTOS = fileURLToPath(new URL("../../tests/fixtures/photos/", import.meta.url));

const suite: BenchSuite = {
  name: "kit-upload",
  async run() {
    const easel = await startEasel({ EASEL_LOG_LEVEL: "warn", EASEL_RATE_LIMITS: "0" });
    try {
      const key = await easel.createKey("bench", "admin", "brand-admin");
      const files = exampleKitFiles("harvest-table");
      const kit = JSON.parse(new TextDecoder().decode(files.get("brand-kit.json")));
      for (const ref of kit.references) files.delete(ref.file);
      kit.references = [];
      const photos = readdirSync(PHOTOS)
        .filter((f) => f.endsWith(".png"))
        .slice(0, 10);
      for (const [i, name] of photos.entries()) {
        const file = `references/ref-${i}.jpg`;
        files.set(
          file,
          await sharp(readFileSync(`${PHOTOS}${name}`))
            .resize(768)
            .jpeg({ quality: 88 })
            .toBuffer(),
        );
        kit.references.push({ file });
      }
      files.set("brand-kit.json", new TextEncoder().encode(JSON.stringify(kit)));
      const times: number[] = [];
      for (let run = 0; run < 6; run++) {
        const started = performance.now();
        const res = await fetch(`${easel.url}/v1/brand-kits`, {
          method: "POST",
          body: kitForm(files),
          headers: { authorization: `Bearer ${key}` },
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`upload failed with ${res.status}`);
        if (run > 0) times.push(performance.now() - started); // the first warms caches
      }
      return [
        {
          id: "brand.kit_upload.10refs_ms",
          value: round(median(times), 1),
          unit: "ms",
          runs: times.length,
          note: "multipart over loopback HTTP; 10 references of 768 px + 1 SVG logo; a new version each run",
        },
      ];
    } finally {
      await easel.stop();
    }
  },
};

export default suite;
