import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { rankCandidates } from "../../server/src/brand/rank.js";
import type { RasterImage } from "../../server/src/engines/types.js";
import type { PlanBrand } from "../../server/src/pipeline/plan-types.js";
import { scoreOutput } from "../../server/src/pipeline/rank-outputs.js";
import { type ChoiceEvent, fitRankWeights } from "../../server/src/quality/fit-weights.js";
import {
  featuresOf,
  RANK_FEATURES,
  type RankFeatures,
  type RankWeights,
  weightedScore,
} from "../../server/src/quality/rank-weights.js";
import { MIN_CHOICES } from "../../server/src/quality/rank-weights-cache.js";
import { type BenchResult, type BenchSuite, round } from "../lib/suite.js";

// Ranking that learns from feedback, on SIMULATED designers (no real feedback log exists yet). Each designer
// has hidden weights over the rank features (palette adherence, sharpness, exposure, noise), drawn uniformly
// from the simplex, so the features can express every preference. A designer's feedback log is replayed: each
// event is a job of 4 candidates (4 degraded variants of one fixture photo, scored by the service's own
// scoreOutput with the harvest-table palette), and the designer keeps the one their hidden weights like best,
// plus Gumbel noise (logit choice, scale NOISE): designers are not perfectly consistent. The learned weights
// are fitted on the first 200 events by the service's fit (server/src/quality/fit-weights.ts); every ranker is
// judged on the next 300 events by how often its first candidate is the one the designer kept.

const DESIGNERS = 24;
const TRAIN = 200;
const TEST = 300;
const CANDIDATES = 4;
const VARIANTS = 36; // degraded variants per photo
const SIDE = 160; // px: the variants are scored at this size
const NOISE = 0.01; // Gumbel scale of a designer's choice (utility units; features are 0..1)

const PHOTOS = fileURLToPath(new URL("../../tests/fixtures/photos/", import.meta.url));
const KIT = fileURLToPath(new URL("../../brand-kits/harvest-table/brand-kit.json", import.meta.url));

/** Deterministic randomness (mulberry32), so the figures repeat run to run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gaussian = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** One variant of a photo: blurred, noised, re-exposed and re-coloured by random amounts, as candidates differ. */
async function variant(photo: Buffer, random: () => number): Promise<RasterImage> {
  let pipeline = sharp(photo).resize(SIDE, SIDE, { fit: "cover" }).removeAlpha();
  if (random() < 0.6) pipeline = pipeline.blur(0.3 + random() * 2.5);
  pipeline = pipeline.modulate({
    brightness: 0.45 + random() * 1.1,
    saturation: 0.3 + random() * 1.4,
    hue: Math.round((random() - 0.5) * 120),
  });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const sigma = random() < 0.5 ? random() * 18 : 0; // luma levels
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++)
    out[i] = Math.max(0, Math.min(255, (data[i] as number) + sigma * gaussian(random)));
  return { data: out, width: info.width, height: info.height, channels: 3 };
}

/** Every photo's variants, as the service scores them. */
async function featurePool(brand: PlanBrand): Promise<RankFeatures[][]> {
  const random = rng(7);
  const pool: RankFeatures[][] = [];
  for (const file of readdirSync(PHOTOS)
    .filter((f) => f.endsWith(".png"))
    .sort()) {
    const photo = readFileSync(join(PHOTOS, file));
    const list: RankFeatures[] = [];
    for (let v = 0; v < VARIANTS; v++) list.push(featuresOf(scoreOutput(await variant(photo, random), brand)));
    pool.push(list);
  }
  return pool;
}

/** Weights drawn uniformly from the simplex (Dirichlet(1, 1, 1, 1)). */
function hiddenWeights(random: () => number): RankWeights {
  const draws = RANK_FEATURES.map(() => -Math.log(1 - random()));
  const total = draws.reduce((a, b) => a + b, 0);
  return Object.fromEntries(RANK_FEATURES.map((f, i) => [f, (draws[i] as number) / total])) as RankWeights;
}

/** A designer's feedback log: each event's candidates and the one they kept. */
function feedbackLog(pool: RankFeatures[][], hidden: RankWeights, events: number, random: () => number): ChoiceEvent[] {
  const log: ChoiceEvent[] = [];
  for (let e = 0; e < events; e++) {
    const variants = pool[Math.floor(random() * pool.length)] as RankFeatures[];
    const picked = new Set<number>();
    while (picked.size < CANDIDATES) picked.add(Math.floor(random() * variants.length));
    const candidates = [...picked].map((i) => variants[i] as RankFeatures);
    const utility = candidates.map((c) => weightedScore(c, hidden) - NOISE * Math.log(-Math.log(random())));
    log.push({ candidates, kept: utility.indexOf(Math.max(...utility)) });
  }
  return log;
}

/** Share of events whose first-ranked candidate is the kept one; `first` gives a ranker's first pick. */
function top1(log: readonly ChoiceEvent[], first: (candidates: RankFeatures[]) => number): number {
  return log.filter((e) => first(e.candidates) === e.kept).length / log.length;
}

const argmax = (scores: number[]) => scores.indexOf(Math.max(...scores));

/** The service's default ranking (brand/rank.ts: 0.6 adherence + 0.4 quality), its first candidate. */
function defaultFirst(candidates: RankFeatures[]): number {
  const quality = (c: RankFeatures) => 0.4 * (c.sharpness ?? 0) + 0.3 * (c.exposure ?? 0) + 0.3 * (c.noise ?? 0);
  const ranked = rankCandidates(
    candidates.map((c, i) => ({ id: String(i), quality: quality(c), adherence: c.adherence ?? 0 })),
  );
  return Number(ranked[0]?.id);
}

const suite: BenchSuite = {
  name: "ranking",
  async run(): Promise<BenchResult[]> {
    const kit = JSON.parse(readFileSync(KIT, "utf8"));
    const brand = { slug: kit.slug, version: 1, palette: kit.palette } as PlanBrand;
    const pool = await featurePool(brand);
    const random = rng(2026);
    const scores = { default: [] as number[], learned: [] as number[], random: [] as number[], oracle: [] as number[] };
    for (let d = 0; d < DESIGNERS; d++) {
      const hidden = hiddenWeights(random);
      const train = feedbackLog(pool, hidden, TRAIN, random);
      const test = feedbackLog(pool, hidden, TEST, random);
      const learned = fitRankWeights(train);
      if (!learned) throw new Error(`designer ${d}: the fit found no signal in ${TRAIN} choices`);
      scores.default.push(top1(test, defaultFirst));
      scores.learned.push(top1(test, (c) => argmax(c.map((f) => weightedScore(f, learned)))));
      scores.random.push(top1(test, () => Math.floor(random() * CANDIDATES)));
      scores.oracle.push(top1(test, (c) => argmax(c.map((f) => weightedScore(f, hidden)))));
    }
    const mean = (v: number[]) => round(v.reduce((a, b) => a + b, 0) / v.length);
    const worst = (v: number[]) => round(Math.min(...v));
    const setup = `SIMULATED designers (${DESIGNERS}, hidden weights uniform on the simplex over ${RANK_FEATURES.join("/")}, choice noise Gumbel ${NOISE}); events of ${CANDIDATES} candidates drawn from ${VARIANTS} scored variants of each fixture photo (harvest-table palette); top-1 = share of ${TEST} held-out events per designer whose first-ranked candidate was kept, mean over designers`;
    const base = { id: "ranking.top1.default", value: mean(scores.default) };
    return [
      {
        id: "ranking.top1.default",
        value: base.value,
        unit: "share",
        runs: DESIGNERS,
        note: `${setup}; the fixed 0.6 adherence + 0.4 quality ranking; worst designer ${worst(scores.default)}`,
      },
      {
        id: "ranking.top1.learned",
        value: mean(scores.learned),
        unit: "share",
        target: `>= 0.9 and >= default + 0.15 (${round(base.value + 0.15)})`,
        baseline: base,
        ratio: round(mean(scores.learned) / base.value),
        runs: DESIGNERS,
        note: `${setup}; weights fitted per designer on their first ${TRAIN} events (the service needs ${MIN_CHOICES}); worst designer ${worst(scores.learned)}; the designers' own hidden weights score ${mean(scores.oracle)} (the ceiling their noise leaves)`,
      },
      {
        id: "ranking.top1.random",
        value: mean(scores.random),
        unit: "share",
        runs: DESIGNERS,
        note: `${setup}; a random first candidate (expected 1/${CANDIDATES})`,
      },
    ];
  },
};

export default suite;
