import { describe, expect, it } from "vitest";
import { GaussianRandom } from "../gaussian-random.js";
import { createScheduler } from "./create-scheduler.js";
import type { EulerScheduler } from "./euler.js";

/**
 * Euler ancestral and LCM against values published by others, as the Euler and DDIM tests in schedulers.test.ts
 * check against diffusers' documented schedules.
 */

// diffusers' scheduler test config (tests/schedulers/test_scheduler_lcm.py, test_scheduler_euler_ancestral.py):
// SD's scaled_linear betas, epsilon prediction, steps_offset left at its default 0.
const TEST_CONFIG = {
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  prediction_type: "epsilon",
};

/**
 * diffusers' `SchedulerCommonTest.dummy_sample_deter` (4×3×8×8 = 768 values arange(768)/768, permuted; the
 * order does not matter to elementwise schedulers) and `dummy_model`: ε(x, t) = x·t/(t + 1).
 */
const dummySample = () => Float32Array.from({ length: 768 }, (_, i) => i / 768);
const dummyModel = (x: Float32Array, t: number) => x.map((v) => (v * t) / (t + 1));

const sumAbs = (x: Float32Array) => x.reduce((s, v) => s + Math.abs(v), 0);

describe("LCM against diffusers' published test values", () => {
  it("one step of the dummy model over the deterministic sample sums to 18.7097 (mean 0.0244)", () => {
    // diffusers tests/schedulers/test_scheduler_lcm.py, LCMSchedulerTest.test_full_loop_onestep:
    // assert abs(result_sum - 18.7097) < 1e-3; assert abs(result_mean - 0.0244) < 1e-3.
    const { scheduler } = createScheduler({ ...TEST_CONFIG, _class_name: "LCMScheduler" });
    scheduler.setTimesteps(1);
    expect(scheduler.timesteps).toEqual([999]);
    const sample = dummySample();
    const out = scheduler.step(dummyModel(sample, 999), 0, sample, new GaussianRandom(0)).prevSample;
    expect(Math.abs(sumAbs(out) - 18.7097)).toBeLessThan(1e-3);
    expect(Math.abs(sumAbs(out) / out.length - 0.0244)).toBeLessThan(1e-3);
  });
});

describe("Euler ancestral against published schedules", () => {
  // GuernikaCore/Schedulers (a Swift port of diffusers' schedulers, checked against diffusers),
  // Tests/SchedulersTests/EulerAncestralDiscreteSchedulerTests.swift: timeSteps for 33 and 50 steps.
  const ancestral = (spacing: string) => {
    const { scheduler } = createScheduler({
      ...TEST_CONFIG,
      _class_name: "EulerAncestralDiscreteScheduler",
      timestep_spacing: spacing,
    });
    expect(scheduler.name).toBe("euler-ancestral");
    return scheduler as EulerScheduler;
  };

  it("runs the published 33-step trailing, leading and linspace schedules", () => {
    const trailing = ancestral("trailing");
    trailing.setTimesteps(33);
    expect(trailing.timesteps).toEqual([
      999, 969, 938, 908, 878, 847, 817, 787, 757, 726, 696, 666, 635, 605, 575, 544, 514, 484, 454, 423, 393, 363, 332,
      302, 272, 241, 211, 181, 151, 120, 90, 60, 29,
    ]);
    const leading = ancestral("leading");
    leading.setTimesteps(33);
    expect(leading.timesteps).toEqual(Array.from({ length: 33 }, (_, i) => 960 - 30 * i));
    const linspace = ancestral("linspace");
    linspace.setTimesteps(33);
    const published = [999, 967.78125, 936.5625, 905.34375, 874.125, 842.90625, 811.6875, 780.46875];
    for (const [i, t] of published.entries()) expect(linspace.timesteps[i]).toBeCloseTo(t, 2);
    expect(linspace.timesteps[32]).toBe(0);
  });

  it("cuts the published 50-step schedules at strength 0.7 where diffusers does", () => {
    const trailing = ancestral("trailing");
    trailing.setTimesteps(50, { strength: 0.7 });
    expect(trailing.timesteps).toEqual(Array.from({ length: 35 }, (_, i) => 699 - 20 * i));
    const leading = ancestral("leading");
    leading.setTimesteps(50, { strength: 0.7 });
    expect(leading.timesteps).toEqual(Array.from({ length: 35 }, (_, i) => 680 - 20 * i));
    const linspace = ancestral("linspace");
    linspace.setTimesteps(50, { strength: 0.7 });
    expect(linspace.timesteps[0]).toBeCloseTo(693.1836547851562, 2);
    expect(linspace.timesteps[1]).toBeCloseTo(672.7958984375, 2);
  });

  it("splits each step into σ_down and σ_up as k-diffusion's get_ancestral_step does, and lands on x₀ at σ = 0", () => {
    // k-diffusion sampling.py get_ancestral_step(σ, σ_next, eta=1): σ_up = √(σ_next²(σ² − σ_next²)/σ²),
    // σ_down = √(σ_next² − σ_up²); the step moves x along (x − x₀)/σ to σ_down, then adds σ_up·z.
    const s = ancestral("trailing");
    s.setTimesteps(4);
    const sigma = s.sigmas[0] as number;
    const next = s.sigmas[1] as number;
    const up = Math.sqrt((next ** 2 * (sigma ** 2 - next ** 2)) / sigma ** 2);
    const down = Math.sqrt(next ** 2 - up ** 2);
    const x = Float32Array.of(3, -2, 0.5);
    const eps = Float32Array.of(0.2, -0.1, 1);
    const z = new GaussianRandom(11).normals(3);
    const { prevSample } = s.step(eps, 0, x, new GaussianRandom(11));
    for (let i = 0; i < 3; i++) {
      // ε-prediction: x₀ = x − σ·ε, so (x − x₀)/σ = ε.
      expect(prevSample[i]).toBeCloseTo(
        (x[i] as number) + (eps[i] as number) * (down - sigma) + up * (z[i] as number),
        4,
      );
    }
    // The last step goes to σ = 0: no fresh noise, exactly x₀.
    const last = s.timesteps.length - 1;
    const at = s.sigmas[last] as number;
    const { prevSample: final } = s.step(eps, last, x, new GaussianRandom(99));
    for (let i = 0; i < 3; i++) expect(final[i]).toBeCloseTo((x[i] as number) - at * (eps[i] as number), 4);
  });
});
