export { FIRST_TRY_TARGET } from "./quality-metrics.js";
export { type JobQualityPlan, QualityService } from "./quality-service.js";
export { QualityStore } from "./quality-store.js";
export { MIN_CHOICES, RankWeightsCache, type WeightsChoice } from "./rank-weights-cache.js";
