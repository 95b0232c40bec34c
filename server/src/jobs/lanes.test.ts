import { describe, expect, it } from "vitest";
import { laneFor, parseWorkClasses, priorityFor } from "./lanes.js";

describe("lanes", () => {
  it("puts every interactive job before every bulk job, however long the org's backlog", () => {
    expect(priorityFor("interactive", 10_000_000)).toBeLessThan(priorityFor("bulk", 0));
    expect(priorityFor("bulk", 10_000_000)).toBeLessThanOrEqual(2 ** 21); // BullMQ's largest priority
  });

  it("orders an org's jobs behind its own waiting ones", () => {
    expect(priorityFor("bulk", 0)).toBeLessThan(priorityFor("bulk", 1));
    expect(priorityFor("interactive", 3)).toBe(priorityFor("interactive", 0) + 3);
  });

  it("defaults enterprise API orgs to bulk and everyone else to interactive, unless the request says", () => {
    expect(laneFor(undefined, "enterprise")).toBe("bulk");
    expect(laneFor(undefined, "pro")).toBe("interactive");
    expect(laneFor(undefined, "free")).toBe("interactive");
    expect(laneFor("interactive", "enterprise")).toBe("interactive");
  });

  it("reads --engines with aliases, and names a class it does not know", () => {
    expect(parseWorkClasses("upscale, outpaint,vary")).toEqual(["upscale", "inpaint", "generate"]);
    expect(() => parseWorkClasses("upscale,gpu")).toThrow(/unknown engine class 'gpu'/);
    expect(() => parseWorkClasses(" , ")).toThrow(/at least one/);
  });
});
