import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CreateJobInput, EaselClient, type Job } from "@easel/shared";
import sharp from "sharp";
import { loadConfig } from "../config/config.js";
import { startServer } from "../main.js";
import { readKitFolder } from "./kits-command.js";

const SAMPLE = new URL("../../assets/sample-photo.png", import.meta.url);

/**
 * `easel demo`: starts the service on embedded defaults, then acts as a plugin would over real
 * HTTP — upload the sample photo, run jobs, follow their events, download the layers to `outDir`.
 */
export async function runDemo(env: NodeJS.ProcessEnv, outDir: string): Promise<void> {
  const config = loadConfig({ EASEL_PORT: "0", ...env });
  const server = await startServer(config, { banner: false });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    say(`Easel demo — service on ${server.url}, data in ${config.dataDir}`);
    await server.easel.keys.ensureOrg("demo", "pro", "Demo Studio");
    const { key } = await server.easel.keys.createKey("demo", "demo-designer", "designer");
    const client = new EaselClient({ baseUrl: server.url, apiKey: key });

    const engines = await client.engines();
    say(`engines: ${engines.engines.map((e) => `${e.capability}:${e.name}`).join(", ")}`);
    for (const missing of engines.unavailable) say(`  not configured: ${missing.capability}`);

    const sampleBytes = await readFile(SAMPLE);
    const sample = await client.uploadAsset(sampleBytes, "image/png");
    say(`uploaded sample photo ${sample.width}x${sample.height} as asset ${sample.id.slice(0, 12)}…`);

    const out = resolve(outDir);
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "sample.png"), sampleBytes);
    const written: string[] = [join(out, "sample.png")];

    const job = await runJob(client, say, {
      kind: "upscale",
      image: sample.id,
      params: { scale: 4 },
      document: "demo",
    });
    for (const layer of job.layers) {
      const file = join(out, `upscale-4x-${layer.width}x${layer.height}.png`);
      await writeFile(file, await client.downloadAsset(layer.assetId));
      written.push(file);
    }

    // Remove the fig: an ellipse over it is the mask (white = regenerate).
    const mask = await sharp(Buffer.from(FIG_MASK_SVG)).png().toBuffer();
    const maskAsset = await client.uploadAsset(mask, "image/png");
    await writeFile(join(out, "remove-object-mask.png"), mask);
    written.push(join(out, "remove-object-mask.png"));
    const removal = await runJob(client, say, {
      kind: "inpaint",
      image: sample.id,
      mask: maskAsset.id,
      params: { seed: 1 },
    });
    written.push(await saveLayer(client, removal, join(out, "remove-object.png")));

    const expand = await runJob(client, say, {
      kind: "outpaint",
      image: sample.id,
      params: { aspectRatio: "16:9", seed: 1 },
    });
    written.push(await saveLayer(client, expand, join(out, "expand-16x9.png")));

    // Brand style: import the tech brand's kit (off-brand for this photo), grade toward it, compare adherence.
    const kitDir = fileURLToPath(new URL("../../../brand-kits/northwind-tech/", import.meta.url));
    const admin = await server.easel.keys.authenticate(
      (await server.easel.keys.createKey("demo", "demo-brand-admin", "brand-admin")).key,
    );
    if (!admin) throw new Error("demo brand admin key does not authenticate");
    const kit = await server.easel.brandKits.upload(admin, readKitFolder(kitDir));
    const before = await runJob(client, say, {
      kind: "stylize",
      image: sample.id,
      brandKit: kit.slug,
      params: { strength: 0 },
    });
    const after = await runJob(client, say, { kind: "stylize", image: sample.id, brandKit: kit.slug });
    written.push(await saveLayer(client, after, join(out, `brand-style-${kit.slug}.png`)));
    const adherence = (job: Job) => ((job.layers[0]?.scores.adherence ?? 0) * 100).toFixed(1);
    say(
      `\nbrand kit ${kit.slug}@${kit.version}: palette adherence ${adherence(before)}% before, ${adherence(after)}% after grading`,
    );

    // Provenance: verify one output as anyone could (public endpoint).
    const removed = await readFile(join(out, "remove-object.png"));
    const report = (await (
      await fetch(`${server.url}/v1/provenance/verify`, { method: "POST", body: removed })
    ).json()) as {
      state: string;
      summary: string;
      manifest: {
        claimGenerator?: string;
        actions?: { action: string }[];
        ingredients?: { relationship: string }[];
      } | null;
      log: { index: number; treeHead: { treeSize: number } } | null;
    };
    say("\nverification of remove-object.png:");
    say(`  state: ${report.state} — ${report.summary}`);
    say(`  made by: ${report.manifest?.claimGenerator ?? "?"}`);
    say(`  actions: ${(report.manifest?.actions ?? []).map((a) => a.action).join(", ")}`);
    say(`  ingredients: ${(report.manifest?.ingredients ?? []).map((i) => i.relationship).join(", ")}`);
    if (report.log) say(`  transparency log: entry ${report.log.index} of ${report.log.treeHead.treeSize}`);

    say("\nwritten:");
    for (const file of written) say(`  ${file}`);
  } finally {
    await server.close();
  }
}

// The fig in the sample photo, as an SVG mask of the photo's size (768x520 px).
const FIG_MASK_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="520">
  <rect width="768" height="520" fill="black"/>
  <ellipse cx="432" cy="287" rx="124" ry="112" fill="white"/>
</svg>`;

async function saveLayer(client: EaselClient, job: Job, file: string): Promise<string> {
  const layer = job.layers[0];
  if (!layer) throw new Error(`job ${job.id} has no layer`);
  await writeFile(file, await client.downloadAsset(layer.assetId));
  return file;
}

async function runJob(client: EaselClient, say: (line: string) => void, request: CreateJobInput): Promise<Job> {
  const created = await client.createJob(request);
  say(`\n${request.kind} job ${created.id}`);
  const started = performance.now();
  const tty = process.stdout.isTTY === true;
  let lastQuarter = -1;
  for await (const event of client.events(created.id)) {
    if (event.type === "progress") {
      const { stage, step, total } = event.data;
      const quarter = Math.floor((4 * step) / total);
      if (tty) process.stdout.write(`\r  ${stage} ${step}/${total}   `);
      else if (quarter !== lastQuarter) say(`  ${stage} ${step}/${total}`);
      lastQuarter = quarter;
    } else if (event.type !== "queued") {
      say(`${tty ? "\r" : ""}  ${event.type}${event.type === "failed" ? `: ${event.data.problem.detail}` : ""}`);
    }
  }
  const job = await client.getJob(created.id);
  if (job.status !== "succeeded") throw new Error(`${request.kind} job ${job.status}: ${job.problem?.detail ?? ""}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  for (const layer of job.layers) say(`  layer ${layer.label}: ${layer.width}x${layer.height} in ${seconds} s`);
  for (const note of job.notes) say(`  note: ${note}`);
  return job;
}
