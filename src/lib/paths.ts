import path from "node:path";

/** `abs` relative to `root`, with forward slashes, as diagnostics and manifests print paths ("." for the root itself). */
export function posixRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join("/") || ".";
}
