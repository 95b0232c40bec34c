import { kindOf } from "../kinds/index.js";
import { WORK_CLASSES, type WorkClass } from "../kinds/work-class.js";
import type { Plan } from "../pipeline/plan-types.js";

export { WORK_CLASSES, type WorkClass } from "../kinds/work-class.js";

export type Lane = "interactive" | "bulk";

/**
 * Claim priorities, lower first. Each lane owns a band; inside it a job's priority is the number of
 * jobs its org already had waiting in the lane, so a new job from a quiet org overtakes a busy org's
 * backlog (start-time fair queuing, one virtual clock per org). BullMQ accepts priorities up to 2^21.
 */
const LANE_BASE: Record<Lane, number> = { interactive: 1, bulk: 1_000_001 };
const BAND = 1_000_000;

/** The priority of an org's next job in a lane, given how many of its jobs already wait there. */
export function priorityFor(lane: Lane, orgWaiting: number): number {
  return LANE_BASE[lane] + Math.min(Math.max(0, orgWaiting), BAND - 1);
}

/** The lane of a request: what the client asked for, else bulk for enterprise API orgs, else interactive. */
export function laneFor(requested: Lane | undefined, plan: "free" | "pro" | "enterprise"): Lane {
  return requested ?? (plan === "enterprise" ? "bulk" : "interactive");
}

/** Which workers can run a plan: its kind says (kinds/). */
export function workClassOf(plan: Plan): WorkClass {
  return kindOf(plan).workClass(plan);
}

/** Parses `--engines upscale,inpaint` (outpaint and vary are accepted as their classes' other names). */
export function parseWorkClasses(text: string): WorkClass[] {
  const aliases: Record<string, WorkClass> = { outpaint: "inpaint", vary: "generate" };
  const out = new Set<WorkClass>();
  for (const raw of text.split(",").map((s) => s.trim().toLowerCase())) {
    if (raw === "") continue;
    const name = aliases[raw] ?? raw;
    if (!(WORK_CLASSES as readonly string[]).includes(name)) {
      throw new Error(
        `--engines: unknown engine class '${raw}' (accepted: ${WORK_CLASSES.join(", ")}, outpaint, vary)`,
      );
    }
    out.add(name as WorkClass);
  }
  if (out.size === 0) throw new Error(`--engines must name at least one of ${WORK_CLASSES.join(", ")}`);
  return [...out];
}
