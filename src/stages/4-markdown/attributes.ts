import tags from "language-tags";
import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";

/**
 * Pandoc attribute blocks, `{lang=fr}`, as bracketed spans
 * (`[raison d'être]{lang=fr}`) and fenced divs (`::: {lang=el}`) carry
 * them. Only `lang` is supported: its value must be a valid BCP 47 tag
 * (checked against the IANA registry with `language-tags`), and a
 * right-to-left language also gets `dir="rtl"`. Anything else written in
 * the braces (a class, an id, another key) is reported, never silently
 * dropped.
 */

/** What an attribute block asks for that the pipeline supports. */
export interface LangAttributes {
  /** The BCP 47 tag, as written (valid), or undefined when there is none or it is invalid. */
  readonly lang?: string;
  /** "rtl" for a right-to-left language. */
  readonly dir?: "rtl";
}

/** One `key=value`, `key="value"`, `.class` or `#id` token. */
const TOKEN = /([#.][^\s"=]+)|([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))|(\S+)/g;

/** The direction a language is written in, from the ICU data in Node's Intl (`textInfo`, V8 ≥ 9.9). */
function isRtl(lang: string): boolean {
  try {
    const info = (new Intl.Locale(lang) as Intl.Locale & { textInfo?: { direction?: string } }).textInfo;
    return info?.direction === "rtl";
  } catch {
    return false;
  }
}

/**
 * Read the inside of an attribute block (without its braces). `at` is the
 * position of the opening brace; what is wrong is reported there.
 */
export function parseLangAttributes(
  source: string,
  at: Location,
): { value: LangAttributes; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let lang: string | undefined;
  let valid = false;
  let tokens = 0;
  for (const m of source.matchAll(TOKEN)) {
    tokens++;
    const [, idOrClass, key, dq, sq, bare, other] = m;
    const value = dq ?? sq ?? bare ?? "";
    if (key === "lang" && lang === undefined) {
      lang = value;
      valid = value !== "" && tags(value).valid();
      if (!valid)
        diagnostics.push(
          diagnostic({
            rule: "markdown/lang-invalid",
            at,
            message: `"${value.slice(0, 40)}" is not a valid BCP 47 language tag`,
            hint: `Write a registered language tag, such as fr, el, ru, zh-Hans or ar (Pandoc: [text]{lang=fr}).`,
          }),
        );
      continue;
    }
    const written = idOrClass ?? (key !== undefined ? `${key}=${value}` : (other ?? ""));
    diagnostics.push(
      diagnostic({
        rule: "markdown/attribute-unsupported",
        at,
        message: `attribute "${written.slice(0, 40)}" is not supported here and was ignored`,
      }),
    );
  }
  if (tokens === 0)
    diagnostics.push(
      diagnostic({
        rule: "markdown/attribute-unsupported",
        at,
        message: "an empty attribute block {} was ignored",
      }),
    );
  if (lang === undefined || !valid) return { value: {}, diagnostics };
  return { value: isRtl(lang) ? { lang, dir: "rtl" } : { lang }, diagnostics };
}

/** hast properties for the attributes: `lang`, and `dir` for right-to-left. */
export function langProperties(a: LangAttributes): Record<string, string> {
  const props: Record<string, string> = {};
  if (a.lang) props.lang = a.lang;
  if (a.dir) props.dir = a.dir;
  return props;
}
