import type { RankWeightsReport, RankWeightsScope } from "@easel/shared/protocol";
import { fitRankWeights } from "./fit-weights.js";
import type { QualityStore, StoredChoice } from "./quality-store.js";
import { DEFAULT_FEATURE_WEIGHTS, describeWeights, type RankWeights } from "./rank-weights.js";

/** Kept choices (among ≥ 2 candidates) a scope needs before its learned weights replace the default. */
export const MIN_CHOICES = 30;
/** The newest choices a fit reads: recent taste matters more than last year's, and the fit stays cheap. */
const MAX_CHOICES = 2000;
/** How long an org's fitted weights are reused before the feedback is read again (ms); a new feedback on this node refits at once. */
const TTL_MS = 60_000;

/** The weights a new job's ranking uses, and the note that says so. */
export interface WeightsChoice {
  /** Learned weights, or null for the default ranking (0.6 adherence + 0.4 quality). */
  weights: RankWeights | null;
  note: string;
}

interface OrgFits {
  at: number;
  scopes: RankWeightsScope[];
}

/**
 * Per-org ranking weights fitted from the org's feedback (fit-weights.ts): one fit over all its choices,
 * and one per kit with enough choices of its own. A job uses its kit's fit, else the org's, else the
 * default. Fits are kept for a minute per org (or until feedback arrives on this node).
 */
export class RankWeightsCache {
  private readonly fits = new Map<string, OrgFits>();

  constructor(
    private readonly store: QualityStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops an org's fits (new feedback). */
  invalidate(orgId: string): void {
    this.fits.delete(orgId);
  }

  async choose(orgId: string, kit: string | null): Promise<WeightsChoice> {
    const scopes = await this.scopes(orgId);
    const learned =
      scopes.find((s) => s.kit === kit && kit !== null && s.source === "learned") ??
      scopes.find((s) => s.kit === null && s.source === "learned");
    if (learned) {
      const where = learned.kit === null ? "the org's" : `kit ${learned.kit}'s`;
      return {
        weights: learned.weights,
        note: `ranking weights learned from ${where} feedback (${learned.samples} kept choices): ${describeWeights(learned.weights)}`,
      };
    }
    const orgSamples = scopes.find((s) => s.kit === null)?.samples ?? 0;
    return {
      weights: null,
      note: `ranking weights: default (0.6 palette adherence + 0.4 quality); the org's feedback has ${orgSamples} of the ${MIN_CHOICES} kept choices needed to learn its own`,
    };
  }

  async report(orgId: string): Promise<RankWeightsReport> {
    return { default: DEFAULT_FEATURE_WEIGHTS, minSamples: MIN_CHOICES, scopes: await this.scopes(orgId) };
  }

  private async scopes(orgId: string): Promise<RankWeightsScope[]> {
    const cached = this.fits.get(orgId);
    if (cached && this.now() - cached.at < TTL_MS) return cached.scopes;
    const choices = await this.store.choices(orgId, MAX_CHOICES);
    const scopes = [scope(null, choices)];
    const kits = new Map<string, StoredChoice[]>();
    for (const c of choices) if (c.kit !== null) kits.set(c.kit, [...(kits.get(c.kit) ?? []), c]);
    for (const [kit, list] of [...kits].sort(([a], [b]) => a.localeCompare(b))) scopes.push(scope(kit, list));
    this.fits.set(orgId, { at: this.now(), scopes });
    return scopes;
  }
}

function scope(kit: string | null, choices: readonly StoredChoice[]): RankWeightsScope {
  const fitted =
    choices.length >= MIN_CHOICES
      ? fitRankWeights(choices.map((c) => ({ candidates: c.features, kept: c.kept })))
      : null;
  return fitted
    ? { kit, source: "learned", weights: fitted, samples: choices.length }
    : { kit, source: "default", weights: DEFAULT_FEATURE_WEIGHTS, samples: choices.length };
}
