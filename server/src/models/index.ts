export { checkModel, type ModelCheck, SMOKE } from "./model-check.js";
export { generationLimits, MODEL_MAX_SIDE, type ModelFacts, modelFacts } from "./model-facts.js";
export { ModelRegistry, type RegisteredModel, type RegistrySnapshot } from "./model-registry.js";
export { modelEngineName, modelEntries, registeredEngines } from "./registered-engines.js";
