import type { Adjustments } from "../commands/command.js";

/** One slider of the Adjust panel, in the protocol's units (`AdjustParams` in @easel/shared/protocol). */
export interface AdjustSlider {
  id: keyof Adjustments;
  label: string;
  min: number;
  max: number;
  step: number;
  /** The value that changes nothing. */
  neutral: number;
  /** Shown after the value ("EV", "%", "K"). */
  unit: string;
}

const percent = (id: AdjustSlider["id"], label: string): AdjustSlider => ({
  id,
  label,
  min: -100,
  max: 100,
  step: 1,
  neutral: 0,
  unit: "%",
});

/**
 * The Adjust sliders in the order a photographer expects (Lightroom's Basic panel: light, then colour,
 * then presence). Ranges are the protocol's, so a slider can never produce a value the server refuses.
 */
export const ADJUST_SLIDERS: readonly AdjustSlider[] = [
  { id: "exposure", label: "Exposure", min: -5, max: 5, step: 0.05, neutral: 0, unit: "EV" },
  percent("contrast", "Contrast"),
  percent("highlights", "Highlights"),
  percent("shadows", "Shadows"),
  { id: "temperature", label: "Temperature", min: 2000, max: 15000, step: 50, neutral: 6500, unit: "K" },
  percent("tint", "Tint"),
  percent("vibrance", "Vibrance"),
  percent("saturation", "Saturation"),
  percent("clarity", "Clarity"),
];

/**
 * The adjustments a set of slider values asks for: only the sliders moved off neutral, each clamped to its
 * range and rounded to its step (a typed "12.345" becomes 12). Non-numbers are refused with the slider's name.
 */
export function adjustmentsFrom(values: Partial<Record<AdjustSlider["id"], number | string>>): Adjustments {
  const out: Adjustments = {};
  for (const slider of ADJUST_SLIDERS) {
    const raw = values[slider.id];
    if (raw === undefined || raw === "") continue;
    const value = typeof raw === "number" ? raw : Number(raw);
    if (!Number.isFinite(value))
      throw new Error(`${slider.label} must be a number from ${slider.min} to ${slider.max}.`);
    const stepped = Math.round(Math.min(slider.max, Math.max(slider.min, value)) / slider.step) * slider.step;
    const clean = Number(stepped.toFixed(2));
    if (clean !== slider.neutral) out[slider.id] = clean;
  }
  return out;
}

/** "+0.50 EV", "−12 %", "5200 K": a slider's value as the panel shows it. */
export function sliderText(slider: AdjustSlider, value: number): string {
  if (slider.unit === "K") return `${Math.round(value)} K`;
  const digits = slider.step < 1 ? 2 : 0;
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${Math.abs(value).toFixed(digits)} ${slider.unit}`;
}
