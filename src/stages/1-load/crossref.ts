import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { checkFinal } from "../../checks/about.js";
import { didYouMean } from "../../lib/suggest.js";
import { locatePath } from "../../lib/yaml.js";
import type { AudienceDef, Brief } from "../../model.js";
import { citableIds, isCitable } from "../../lib/citable.js";

/**
 * References between files that schemas alone cannot check: a brief's
 * audiences, a fact's source, a chart's facts, and unique section ids
 * (a section's audiences are checked when its brief's editions are planned). An audience whose own file is invalid (`invalid`) was
 * reported there, so references to it are not reported again.
 */

/** The audiences a reference may name, and how to say which exist. */
interface AudienceNames {
  readonly unknown: (name: string) => boolean;
  readonly all: readonly string[];
}

function briefAudiences(brief: Brief, names: AudienceNames): Diagnostic[] {
  return brief.config.value.audiences.flatMap((name, i) =>
    names.unknown(name)
      ? [
          diagnostic({
            rule: "brief/unknown-audience",
            at: locatePath(brief.yaml.brief, ["audiences", i]),
            message: `audience "${name}" is not defined`,
            hint: `${didYouMean(name, names.all)} Or add templates/audiences/${name}.yaml (brief new --audience ${name}).`,
          }),
        ]
      : [],
  );
}

function factSources(brief: Brief): Diagnostic[] {
  return [...brief.facts].flatMap(([id, fact]) => {
    const source = fact.value.source;
    if (source === undefined) {
      if (fact.value.attribution === "editorial") return [];
      return [
        diagnostic({
          rule: "facts/missing-field",
          at: locatePath(brief.yaml.facts, [id], true),
          message: `fact "${id}" has no source`,
          hint: `Add source: <an id in sources.yaml>. If the research notes give the figure without naming a source, write attribution: editorial and an attribution_note that says so.`,
        }),
      ];
    }
    if (isCitable(brief, source)) return [];
    return [
      diagnostic({
        rule: "facts/unknown-source",
        at: locatePath(brief.yaml.facts, [id, "source"]),
        message: `fact "${id}" cites source "${source}", which is not in sources.yaml`,
        hint: `${didYouMean(source, citableIds(brief))} Or add "${source}" to ${brief.dir}/sources.yaml.`,
      }),
    ];
  });
}

/**
 * An editorial attribution must say why (`note`, for editors) and what the
 * reader is told instead of a source number (`attribution_note`, printed):
 * without it the figure would carry another publication's number
 * (`facts/editorial-citation`).
 */
function attributionNotes(brief: Brief): Diagnostic[] {
  return [...brief.facts].flatMap(([id, fact]) => {
    if (fact.value.attribution !== "editorial") {
      if (fact.value.attribution_note === undefined) return [];
      return [
        diagnostic({
          rule: "facts/editorial-citation",
          at: locatePath(brief.yaml.facts, [id, "attribution_note"], true),
          message: `fact "${id}" has an attribution_note but is not attribution: editorial, so the note would never print`,
          hint: "Add attribution: editorial (the figure then prints with this note instead of a source number), or remove the note.",
        }),
      ];
    }
    const out: Diagnostic[] = [];
    const at = locatePath(brief.yaml.facts, [id, "attribution"]);
    if (fact.value.note === undefined)
      out.push(
        diagnostic({
          rule: "facts/missing-field",
          at,
          message: `fact "${id}" has attribution: editorial but no note for the editors saying what is known of its source`,
          hint: "Add a note: what the research notes say about this figure, and where a source might be found.",
        }),
      );
    if (fact.value.attribution_note === undefined)
      out.push(
        diagnostic({
          rule: "facts/editorial-citation",
          at,
          message: `fact "${id}" is attributed by the editors, but nothing printed tells the reader what that means`,
        }),
      );
    return out;
  });
}

function chartFacts(brief: Brief): Diagnostic[] {
  return [...brief.charts].flatMap(([id, chart]) =>
    (chart.value.facts ?? [])
      .filter((f) => !brief.facts.has(f))
      .map((f) =>
        diagnostic({
          rule: "charts/unknown-fact",
          at: chart.at,
          message: `chart "${id}" plots fact "${f}", which is not in facts.yaml`,
          hint: didYouMean(f, brief.facts.keys(), "a fact id"),
        }),
      ),
  );
}

/** Section ids are unique within a brief (audience names are checked when editions are planned). */
function sectionIds(brief: Brief): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, string>();
  for (const s of brief.sections) {
    const prior = seen.get(s.front.id);
    if (prior) {
      const message = `section id "${s.front.id}" is also used by ${prior}`;
      out.push(diagnostic({ rule: "section/duplicate-id", at: locatePath(s.frontYaml, ["id"]), message }));
    }
    seen.set(s.front.id, s.file);
  }
  return out;
}

/** Every cross-file reference of a brief that does not resolve. */
export function crossCheck(
  brief: Brief,
  audiences: ReadonlyMap<string, AudienceDef>,
  invalid: ReadonlySet<string> = new Set(),
): Diagnostic[] {
  const names: AudienceNames = {
    unknown: (name) => !audiences.has(name) && !invalid.has(name),
    all: [...audiences.keys()],
  };
  return [
    ...briefAudiences(brief, names),
    ...factSources(brief),
    ...attributionNotes(brief),
    ...chartFacts(brief),
    ...sectionIds(brief),
    ...checkFinal(brief),
  ];
}
