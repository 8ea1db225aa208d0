import type { Element } from "hast";
import { h } from "hastscript";
import type { Diagnostic } from "../diagnostics/index.js";
import { formatReport } from "../diagnostics/index.js";

/**
 * The problems overlay: every problem on one line as the CLI prints it
 * (`path:line:col: severity message rule-id`, then the hint), in the same
 * order and with the same closing count, so the page, the terminal and
 * `brief build` say exactly the same thing.
 */

/** Counts for the toolbar's badge. */
export function counts(problems: readonly Diagnostic[]): { errors: number; warnings: number } {
  return {
    errors: problems.filter((d) => d.severity === "error").length,
    warnings: problems.filter((d) => d.severity === "warning").length,
  };
}

/** The overlay element; shown when there are errors, ready to open (hidden) when there are only warnings. */
export function overlay(problems: readonly Diagnostic[], showingLastGood: boolean): Element {
  const { errors, warnings } = counts(problems);
  const title =
    errors > 0
      ? `${errors} error${errors === 1 ? "" : "s"} in this edition's content`
      : `${warnings} warning${warnings === 1 ? "" : "s"}`;
  const note = showingLastGood
    ? "The page shows the last good rendering. Fix the files below and save; this message goes away by itself."
    : errors > 0
      ? "The page is up to date, but `brief build` would fail with these errors."
      : "`brief build` prints the same warnings.";
  return h(
    "div",
    {
      id: "pv-overlay",
      className: ["pv-overlay", ...(errors === 0 ? ["pv-only-warnings"] : [])],
      role: "alert",
      hidden: problems.length === 0 || errors === 0,
    },
    [
      h("button", { type: "button", dataPvAction: "hide-overlay" }, "Hide"),
      h("div", { className: ["pv-title"] }, title),
      h("div", { className: ["pv-note"] }, note),
      h("pre", { className: ["pv-problems"] }, formatReport(problems).trimEnd()),
    ],
  );
}
