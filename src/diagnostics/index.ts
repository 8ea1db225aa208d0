/** Positioned diagnostics, the rule catalogue and the reporters. */
export * from "./diagnostic.js";
export * from "./reporter.js";
export * from "./rules.js";
