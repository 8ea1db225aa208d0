import { createHash } from "node:crypto";
import path from "node:path";
import { guardEdition } from "../checks/index.js";
import { hasErrors, type Diagnostic } from "../diagnostics/index.js";
import type { LaidOut, PreparedEdition } from "../model.js";
import { finish } from "../pipeline/outcome.js";
import { prepareEdition } from "../pipeline/prepare.js";
import { unknownFilters } from "../pipeline/project.js";
import { resolvePaths, type CommonOptions } from "../pipeline/options.js";
import { load } from "../stages/1-load/index.js";
import { plan, type PlannedEdition } from "../stages/2-plan/index.js";
import { affectedBy, inputsOf, type EditionInputs, type WatchedPaths } from "./deps.js";
import type { Measurement } from "./measure.js";

/**
 * What the preview knows, and how a save changes it. On each change the
 * project is loaded and planned again (cheap, and it keeps project-wide
 * problems exact), and only the editions the changed files feed are
 * prepared again, through the same `prepareEdition()` as `build`. An
 * edition that fails keeps its last good preparation; its problems are kept
 * per edition, so each page shows its own.
 */

/** One edition in the preview. */
export interface EditionState {
  readonly name: string;
  readonly brief: string;
  readonly audience: string;
  /** The audience's label, its page budget and the edition's title, as last planned. */
  label: string;
  budget: number;
  title: string;
  inputs: EditionInputs;
  /** The last preparation that succeeded, and a hash of its layout. */
  good?: { readonly prepared: PreparedEdition; readonly hash: string };
  /** False while the latest attempt failed and the page shows the last good one. */
  fresh: boolean;
  planDiagnostics: readonly Diagnostic[];
  prepareDiagnostics: readonly Diagnostic[];
  /** The latest measured print (maybe of an earlier version) and the problems it found. */
  measured?: { readonly hash: string; readonly m: Measurement };
  measureDiagnostics: readonly Diagnostic[];
  /** Why the latest measurement failed, if it did. */
  measureError?: string;
  /** Bumped whenever what the edition's page shows changes. */
  revision: number;
}

/** What one update did. */
export interface Update {
  /** Editions prepared again. */
  readonly prepared: readonly string[];
  /** Editions prepared again successfully (to measure). */
  readonly good: readonly string[];
}

/** A content hash of a layout, to tell whether a measurement is of the current version. */
export function layoutHash(laid: LaidOut): string {
  return createHash("sha256").update(laid.html).update("\0").update(laid.css).digest("hex").slice(0, 16);
}

/** What the index and toolbar say about a planned edition. */
function described(p: PlannedEdition): { label: string; budget: number; title: string } {
  const a = p.edition.audience.config;
  return { label: a.label, budget: a.page.budget, title: `${p.edition.brief.config.value.title} — ${a.cover.edition}` };
}

/** The editions and problems of one preview session. */
export class Session {
  readonly editions = new Map<string, EditionState>();
  global: readonly Diagnostic[] = [];

  constructor(
    readonly options: CommonOptions,
    readonly watched: WatchedPaths,
  ) {}

  /** --brief/--audience values that name nothing (checked once, at start). */
  async unknownFilters(): Promise<Diagnostic[]> {
    return unknownFilters((await load(resolvePaths(this.options))).value, this.options);
  }

  /** Load, plan, and prepare every edition fed by `changed` (all of them when `changed` is "all"). */
  async update(changed: readonly string[] | "all"): Promise<Update> {
    const paths = resolvePaths(this.options);
    const loaded = await load(paths);
    const project = loaded.value;
    const planned = plan(project, this.options);
    this.global = [...loaded.diagnostics];
    const inputs = planned.editions.map(({ edition }) =>
      inputsOf(edition, paths.root, this.editions.get(edition.name)?.good?.prepared.images ?? []),
    );
    const failing = new Set([...this.editions.values()].filter((e) => !e.fresh).map((e) => e.name));
    const wanted =
      changed === "all"
        ? new Set(inputs.map((i) => i.name))
        : affectedBy(changed, [...inputs, ...[...this.editions.values()].map((e) => e.inputs)], this.watched, failing);
    const names = new Set(project.audiences.keys());
    const prepared: string[] = [];
    const good: string[] = [];
    const next = new Map<string, EditionState>();
    for (const [i, p] of planned.editions.entries()) {
      const name = p.edition.name;
      const state = this.editions.get(name) ?? this.fresh(p, inputs[i]);
      state.inputs = inputs[i] ?? state.inputs;
      Object.assign(state, described(p));
      state.planDiagnostics = p.diagnostics;
      if (wanted.has(name) || !state.good) {
        prepared.push(name);
        const r = await this.prepare(p, names);
        state.prepareDiagnostics = r.diagnostics;
        state.fresh = r.prepared !== undefined;
        if (r.prepared) {
          const hash = layoutHash(r.prepared.laidOut);
          if (hash !== state.good?.hash) good.push(name);
          state.good = { prepared: r.prepared, hash };
        }
      }
      next.set(name, state);
    }
    for (const [name, state] of this.editions) {
      if (next.has(name) || this.gone(state, project)) continue;
      state.fresh = false; // its brief or audience no longer loads: keep the last good page
      next.set(name, state);
    }
    this.editions.clear();
    for (const [k, v] of next) this.editions.set(k, v);
    return { prepared, good };
  }

  /** The state of a newly seen edition. */
  private fresh(p: PlannedEdition, inputs: EditionInputs | undefined): EditionState {
    const { edition } = p;
    return {
      name: edition.name,
      brief: edition.brief.id,
      audience: edition.audience.name,
      ...described(p),
      inputs: inputs ?? {
        name: edition.name,
        brief: edition.brief.id,
        audience: edition.audience.name,
        files: new Set(),
      },
      fresh: false,
      planDiagnostics: [],
      prepareDiagnostics: [],
      measureDiagnostics: [],
      revision: 0,
    };
  }

  /** An edition that is no longer wanted: its brief folder is gone, or its valid brief no longer lists the audience. */
  private gone(state: EditionState, project: Awaited<ReturnType<typeof load>>["value"]): boolean {
    if (!project.briefIds.includes(state.brief)) return true;
    const brief = project.briefs.find((b) => b.id === state.brief);
    return brief !== undefined && !brief.config.value.audiences.includes(state.audience);
  }

  /** The guards and pre-render stages for one edition, as `prepareProject()` runs them. */
  private async prepare(
    p: PlannedEdition,
    names: ReadonlySet<string>,
  ): Promise<{ prepared?: PreparedEdition; diagnostics: readonly Diagnostic[] }> {
    const guards = guardEdition(p.edition);
    const r = hasErrors(guards) ? { diagnostics: [] } : await prepareEdition(p.edition, names);
    const diagnostics = [...guards, ...r.diagnostics];
    const ok = r.value && !hasErrors([...p.diagnostics, ...diagnostics]);
    return ok && r.value ? { prepared: r.value, diagnostics } : { diagnostics };
  }

  /** The problems an edition's page lists: its own, and project-wide ones in files it reads or in no edition's files. */
  problems(name: string): readonly Diagnostic[] {
    const state = this.editions.get(name);
    if (!state) return [];
    const all = [...this.editions.values()].map((e) => e.inputs);
    const root = resolvePaths(this.options).root;
    const mine = this.global.filter((d) => {
      const fed = affectedBy([path.resolve(root, d.file)], all, this.watched);
      return fed.size === 0 || fed.has(name);
    });
    return finish([...mine, ...this.own(state)], []).diagnostics;
  }

  /** Every problem, as `brief build` would print them. */
  allProblems(): readonly Diagnostic[] {
    return finish([...this.global, ...[...this.editions.values()].flatMap((e) => this.own(e))], []).diagnostics;
  }

  private own(e: EditionState): Diagnostic[] {
    return [...e.planDiagnostics, ...e.prepareDiagnostics, ...e.measureDiagnostics];
  }
}
