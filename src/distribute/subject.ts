import { environment } from "../lib/handlebars.js";
import type { EditionEntry } from "./release.js";

/**
 * The e-mail subject: a strict Handlebars template over the edition's
 * public facts. Strict mode makes a misspelt name an error (never an
 * empty string), and the template is tried against every edition before
 * anything is sent. The result is a header, not HTML, so it is not
 * HTML-escaped; line breaks are collapsed so it cannot add a header.
 */

/** The values a subject template may use. */
export interface SubjectContext {
  readonly brief: { readonly id: string; readonly title: string };
  readonly audience: { readonly name: string; readonly label: string; readonly edition: string };
  readonly edition: { readonly name: string; readonly date: string; readonly information_as_of: string };
}

/** A compiled subject template: the subject, or why it failed. */
export type SubjectTemplate = (ctx: SubjectContext) => { ok: true; subject: string } | { ok: false; error: Error };

/** Compile `source`; compilation is lazy in Handlebars, so errors surface on the first call. */
export function compileSubject(source: string): SubjectTemplate {
  const hb = environment();
  const render = hb.compile(source, { strict: true, noEscape: true, knownHelpersOnly: true, data: false });
  return (ctx) => {
    try {
      const subject = render(ctx, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      return { ok: true, subject: subject.replace(/\s+/g, " ").trim() };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
    }
  };
}

/** A draft or specimen edition says so first in every subject: "[Specimen] …". */
export function withStatus<T extends { ok: true; subject: string } | { ok: false; error: Error }>(
  rendered: T,
  status: "draft" | "specimen" | "final",
): T {
  if (!rendered.ok || status === "final") return rendered;
  return { ...rendered, subject: `[${status === "draft" ? "Draft" : "Specimen"}] ${rendered.subject}` };
}

/** The template's context for one edition of the release. */
export function subjectContext(e: EditionEntry): SubjectContext {
  return {
    brief: { id: e.brief, title: e.title },
    audience: { name: e.audience, label: e.audienceLabel, edition: e.edition },
    edition: { name: e.name, date: e.editionDate, information_as_of: e.informationAsOf },
  };
}

/** A context with every name filled in, to check a template before a release is read. */
export const SAMPLE_CONTEXT: SubjectContext = {
  brief: { id: "brief", title: "Title" },
  audience: { name: "audience", label: "Label", edition: "Edition" },
  edition: { name: "brief-audience", date: "2025-01-01", information_as_of: "2025-01-01" },
};
