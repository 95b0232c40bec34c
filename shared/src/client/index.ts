export * from "./contract-client.js";
export * from "./easel-client.js";
export * from "./easel-error.js";
export * from "./org-client.js";
export * from "./sse-parser.js";
export * from "./utf8.js";
