/** Positioned diagnostics and their reporters. */
export * from "./diagnostic.js";
export * from "./reporter.js";
