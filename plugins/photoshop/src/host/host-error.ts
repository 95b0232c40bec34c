// The one error type for document problems lives in the core, so the panel words it like any other.
export { HostError } from "@easel/plugin-core";
