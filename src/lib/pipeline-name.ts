import { readFileSync } from "node:fs";
import { z } from "zod";

const PackageJson = z.object({ name: z.string(), version: z.string() });

/** Name and version of the pipeline ("policy-brief 0.1.0"), for the PDF's Creator field and release manifests. */
export function pipelineName(): string {
  const pkg = PackageJson.parse(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")));
  return `${pkg.name} ${pkg.version}`;
}
