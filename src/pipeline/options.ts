import os from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../package/root.js";
import type { ProjectPaths } from "../stages/1-load/index.js";
import type { EditionFilter } from "../stages/2-plan/index.js";
import type { Shard } from "./shard.js";

/**
 * The API's options, and how they resolve against the project root. These
 * are the public options: they carry no test-only fields. Tests inject
 * faults through `Seams` (seams.ts) instead.
 */

/** Something worth telling the person running the build while it runs. */
export type PipelineEvent =
  | { readonly kind: "waiting-for-lock"; readonly ownerPid: number; readonly lockFile: string }
  | {
      readonly kind: "edition";
      readonly name: string;
      /** 1-based count of editions finished so far in this run, and how many it handles. */
      readonly index: number;
      readonly total: number;
      /** "cached": unchanged, served from the build cache without rendering. */
      readonly status: "built" | "cached" | "failed";
      readonly pages?: number;
      /** Time since the run started handling editions. */
      readonly ms: number;
    };

/** Options shared by build and check. */
export interface CommonOptions extends EditionFilter {
  /** Project root; defaults to the current directory. */
  readonly root?: string;
  readonly contentDir?: string;
  readonly templatesDir?: string;
  /** Treat warnings as errors. */
  readonly strict?: boolean;
  /** Per-edition render time limit in ms (default 60 000). */
  readonly timeoutMs?: number;
  /** Environment: PUPPETEER_EXECUTABLE_PATH, SOURCE_DATE_EPOCH (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Editions rendered at once (default: the number of CPU cores). */
  readonly jobs?: number;
  /** Use the build cache in <root>/.cache/brief (default true); false rebuilds every edition and leaves the cache alone. */
  readonly cache?: boolean;
  /** Progress and waiting messages; the CLI prints them, the API is silent by default. */
  readonly onEvent?: (event: PipelineEvent) => void;
}

/** Options for `build()`. */
export interface BuildOptions extends CommonOptions {
  readonly outDir?: string;
  readonly formats?: readonly ("pdf" | "html")[];
  /** Build only this share of the editions (see shard.ts): CI spreads a build over several runners. */
  readonly shard?: Shard;
  /** How long to wait for another build's lock on the output folder (default 5 minutes). */
  readonly lockWaitMs?: number;
}

/** Options for `check()`. */
export interface CheckOptions extends CommonOptions {
  /** Render PDFs for the page-budget rule (default true). */
  readonly render?: boolean;
}

/** The default for --jobs: one edition per core. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

/** The project's folders, absolute, and the package's templates/ (the layer under the project's). */
export function resolvePaths(o: CommonOptions): ProjectPaths {
  const root = path.resolve(o.root ?? process.cwd());
  return {
    root,
    contentDir: path.resolve(root, o.contentDir ?? "content"),
    templatesDir: path.resolve(root, o.templatesDir ?? "templates"),
    packageTemplatesDir: path.join(PACKAGE_ROOT, "templates"),
  };
}
