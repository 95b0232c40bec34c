import type { SubjectSeed } from "../../engines/select/select-types.js";
import type { RasterImage } from "../../engines/types.js";
import { featherMask } from "../../imaging/mask-ops.js";
import { readRaster, splitAlpha } from "../../imaging/raster-io.js";
import type { Candidate } from "../../pipeline/candidate.js";
import type { SelectPlan } from "../../pipeline/plan-types.js";
import { type RunContext, stageContext } from "../../pipeline/run-context.js";
import { faceMask } from "./face-mask.js";
import { peopleMask } from "./people-mask.js";

/** Below this share of confident person pixels the people mask is no seed: grabCut starts from the centre box. */
const MIN_PEOPLE_SHARE = 0.01;

/** One channel of a mask image (its luminance for grey/RGB, times alpha). */
function grey(mask: RasterImage): RasterImage {
  if (mask.channels === 1) return mask;
  const n = mask.width * mask.height;
  const data = new Uint8Array(n);
  const c = mask.channels;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    const y =
      0.2126 * (mask.data[o] as number) + 0.7152 * (mask.data[o + 1] as number) + 0.0722 * (mask.data[o + 2] as number);
    data[i] = Math.round(c === 4 ? (y * (mask.data[o + 3] as number)) / 255 : y);
  }
  return { data, width: mask.width, height: mask.height, channels: 1 };
}

/** Makes the plan's selection mask (select's engine stage): one grey output, white = selected, the image's size. */
export async function runSelect(plan: SelectPlan, context: RunContext): Promise<Candidate[]> {
  const engine = stageContext(context, "engine.select");
  const { rgb } = splitAlpha(await readRaster(context.inputPath(plan.input.assetId)));
  const engines = context.engines.select;
  let mask: RasterImage;
  if (plan.mode === "people") {
    mask = (await peopleMask(rgb, engines, engine)).mask;
  } else if (plan.mode === "faces") {
    mask = faceMask(rgb.width, rgb.height, await (await engines.faceDetector()).detect(rgb, engine));
  } else {
    const seed: SubjectSeed = { box: plan.box, hint: null };
    if (plan.hint) seed.hint = grey(await readRaster(context.inputPath(plan.hint.assetId)));
    if (plan.seedWithPeople) {
      const people = (await peopleMask(rgb, engines, engine)).mask;
      const confident = people.data.reduce((n, v) => n + (v >= 192 ? 1 : 0), 0);
      if (confident >= MIN_PEOPLE_SHARE * people.data.length) seed.hint = people;
    }
    mask = await (await engines.subjectSegmenter()).segment(rgb, seed, engine);
    if (plan.mode === "background") mask = { ...mask, data: mask.data.map((v) => 255 - v) };
  }
  if (plan.feather > 0) mask = featherMask(mask, plan.feather);
  // A grey RGB image: every tool reads it as a mask, and the shared tail (classify, rank, sign) takes RGB.
  const image = new Uint8Array(mask.width * mask.height * 3);
  for (let i = 0; i < mask.data.length; i++) image.fill(mask.data[i] as number, i * 3, i * 3 + 3);
  return [
    {
      image: { data: image, width: mask.width, height: mask.height, channels: 3 },
      alpha: null,
      placement: plan.placement,
      label: plan.label,
      seed: null,
      scores: {},
    },
  ];
}
