import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { PipelineEvent } from "../../src/pipeline/options.js";
import { REAL_SEAMS, runBuild, type Seams } from "../../src/pipeline/index.js";
import type { Renderer, RendererFactory } from "../../src/stages/6-render/index.js";
import { lines, snapshot, taggedBlankPdf, tempProject } from "../helpers.js";

/**
 * The streaming build (publish-stream.ts): each edition goes to print as
 * soon as it is prepared. Preparation is wrapped here (the real one runs):
 * once the first edition is handed over, the wrapper holds back the next
 * edition's preparation until a print has started. A build that waited for
 * every edition to be prepared before printing would never print, and the
 * watchdog says which step hung.
 */

const hold = vi.hoisted(() => ({ untilPrint: undefined as Promise<void> | undefined, log: [] as string[] }));

vi.mock("../../src/pipeline/prepare.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/pipeline/prepare.js")>();
  return {
    ...real,
    prepareEach: async function* (...args: Parameters<typeof real.prepareEach>) {
      const editions = real.prepareEach(...args);
      for (let first = true; ; first = false) {
        if (!first && hold.untilPrint) await hold.untilPrint;
        const next = await editions.next();
        if (next.done) return;
        hold.log.push(`prepared ${next.value.planned.edition.name}`);
        yield next.value;
      }
    },
  };
});

/** A fake browser whose every print is a blank tagged PDF; each print is logged, and the first resolves `printed`. */
function fakeRenderer(): { seams: Seams; printed: Promise<void> } {
  let started = (): void => undefined;
  const printed = new Promise<void>((resolve) => (started = resolve));
  const openRenderer: RendererFactory = () => {
    const renderer: Renderer = {
      openPage: () =>
        Promise.resolve({
          browserVersion: "FakeChrome/1.0",
          print: async (htmlFile: string) => {
            hold.log.push(`print ${path.basename(htmlFile)}`);
            started();
            return { pdf: await taggedBlankPdf(1), blocked: [] };
          },
          close: () => Promise.resolve(),
        }),
      close: () => Promise.resolve(),
    };
    return Promise.resolve(renderer);
  };
  return { seams: { ...REAL_SEAMS, openRenderer }, printed };
}

/** `printed`, or a clear failure if it never comes (the build would then hang on the held preparation). */
function watchdog(printed: Promise<void>, step: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watchdog: ${step}`)), 120_000);
  });
  return Promise.race([printed, hung]).finally(() => clearTimeout(timer));
}

describe("streaming build", () => {
  it("prints the first edition before the last one is prepared, with the same report", async () => {
    const root = tempProject();
    const { seams, printed } = fakeRenderer();
    hold.log = [];
    hold.untilPrint = watchdog(printed, "no print started while the second edition's preparation was held back");
    const events: PipelineEvent[] = [];
    try {
      const r = await runBuild({ root, jobs: 1, onEvent: (e) => events.push(e) }, seams);
      expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.editions.map((e) => `${e.name} ${e.status}`)).toEqual(["mini-alpha built", "mini-beta built"]);
    } finally {
      hold.untilPrint = undefined;
    }
    expect(hold.log.indexOf("print mini-alpha.html")).toBeGreaterThan(hold.log.indexOf("prepared mini-alpha"));
    expect(hold.log.indexOf("print mini-alpha.html")).toBeLessThan(hold.log.indexOf("prepared mini-beta"));
    // Progress stays truthful: one line per edition, counted as they finish (in whichever order that is).
    const progress = events.flatMap((e) => (e.kind === "edition" ? [e] : []));
    expect(progress.map((e) => `${e.index}/${e.total}`)).toEqual(["1/2", "2/2"]);
    expect(progress.map((e) => `${e.name} ${e.status}`).sort()).toEqual(["mini-alpha built", "mini-beta built"]);
  });

  it("an edition that fails to prepare writes nothing, and the edition after it still publishes", async () => {
    const root = tempProject();
    expect((await runBuild({ root }, fakeRenderer().seams)).exitCode).toBe(0);
    const before = snapshot(path.join(root, "output"));
    const section = path.join(root, "content/mini/sections/20-alpha.md");
    const text = readFileSync(section, "utf8").replace('{{fact "estimate"}}', '{{fact "no-such-fact"}}');
    (await import("node:fs")).writeFileSync(section, text);
    hold.log = [];
    const events: PipelineEvent[] = [];
    const r = await runBuild({ root, cache: false, onEvent: (e) => events.push(e) }, fakeRenderer().seams);
    expect(r.exitCode).toBe(1);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.file)).toEqual([
      "content/mini/sections/20-alpha.md",
    ]);
    expect(r.editions.map((e) => `${e.name} ${e.status}`)).toEqual(["mini-alpha failed", "mini-beta built"]);
    expect(hold.log.filter((l) => l.startsWith("print"))).toEqual(["print mini-beta.html"]);
    expect(events.map((e) => (e.kind === "edition" ? `${e.index}/${e.total} ${e.name} ${e.status}` : e.kind))).toEqual([
      "1/2 mini-alpha failed",
      "2/2 mini-beta built",
    ]);
    // The failed edition's files are byte for byte what the last good build wrote.
    const after = snapshot(path.join(root, "output"));
    for (const [file, bytes] of before)
      if (file.startsWith("mini-alpha")) expect(after.get(file)?.equals(bytes), file).toBe(true);
    expect([...after.keys()].filter((f) => f.startsWith("mini-alpha")).sort()).toEqual(
      [...before.keys()].filter((f) => f.startsWith("mini-alpha")).sort(),
    );
  });
});
