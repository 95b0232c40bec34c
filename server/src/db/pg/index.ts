export * from "./database.js";
export * from "./mask-url.js";
export * from "./pg-errors.js";
export * as pgTables from "./schema.js";
