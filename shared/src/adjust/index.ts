export * from "./apply-adjust.js";
export * from "./box-blur.js";
export * from "./colour.js";
export * from "./mask-weights.js";
export * from "./raster.js";
export * from "./recolor.js";
export * from "./tone.js";
export * from "./white-balance.js";
