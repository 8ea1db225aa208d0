import path from "node:path";
import { BriefConfig } from "../config/schemas.js";
import {
  diagnostic,
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type Location,
  type Reported,
} from "../diagnostics/index.js";
import { locatePath, validate, type PositionedYaml } from "../lib/yaml.js";
import { isFile, readYaml } from "../stages/1-load/files.js";
import { DistributionFile, type Webhook } from "./config.js";
import { compileSubject, SAMPLE_CONTEXT, type SubjectTemplate } from "./subject.js";
import { applySuppress } from "./suppress.js";

/**
 * Loading `content/<brief>/distribution.yaml`: schema validation with
 * positions, then the checks that need more than one value (audiences the
 * brief has, recipients listed twice, the subject template). Groups are
 * flattened into recipients, each remembering where it was written.
 */

/** How a recipient is reached. */
export type Channel =
  { readonly kind: "email"; readonly attach: "pdf" | "link" } | { readonly kind: "webhook"; readonly webhook: Webhook };

/** One recipient after groups are flattened. */
export interface ResolvedRecipient {
  readonly name: string;
  /** The group it came from, if any. */
  readonly group?: string;
  readonly email?: string;
  readonly audiences: readonly string[];
  readonly channel: Channel;
  readonly note?: string;
  /** Where it is written in distribution.yaml. */
  readonly at: Location;
  /** Its identity in the ledger: the lower-cased address, or `webhook:` and the URL. */
  readonly key: string;
  /** Listed under `suppress:` (by address, name or group): planned, reported, never sent. */
  readonly suppressed?: boolean;
}

/** A brief's distribution file, validated. */
export interface Distribution {
  readonly brief: string;
  /** Project-relative path of distribution.yaml. */
  readonly file: string;
  readonly config: DistributionFile;
  readonly recipients: readonly ResolvedRecipient[];
  readonly subject: SubjectTemplate;
  /** Where the subject is written, for its diagnostics. */
  readonly subjectAt: Location;
}

/** Flatten recipients and groups, in file order. */
function resolve(config: DistributionFile, yaml: PositionedYaml): ResolvedRecipient[] {
  const out: ResolvedRecipient[] = [];
  config.recipients.forEach((r, i) => {
    const at = locatePath(yaml, ["recipients", i]);
    const note = r.note !== undefined ? { note: r.note } : {};
    if (r.channel === "email")
      out.push({
        name: r.name,
        email: r.email,
        audiences: r.audiences,
        channel: { kind: "email", attach: r.attach },
        ...note,
        at,
        key: r.email.toLowerCase(),
      });
    else
      out.push({
        name: r.name,
        ...(r.email !== undefined ? { email: r.email } : {}),
        audiences: r.audiences,
        channel: { kind: "webhook", webhook: r.webhook },
        ...note,
        at,
        key: `webhook:${r.webhook.url}${r.webhook.token_env ? `#${r.webhook.token_env}` : ""}`,
      });
  });
  config.groups.forEach((g, i) => {
    g.members.forEach((m, j) => {
      const note = m.note ?? g.note;
      out.push({
        name: m.name,
        group: g.name,
        email: m.email,
        audiences: g.audiences,
        channel: { kind: "email", attach: g.attach },
        ...(note !== undefined ? { note } : {}),
        at: locatePath(yaml, ["groups", i, "members", j]),
        key: m.email.toLowerCase(),
      });
    });
  });
  return out;
}

/** Audiences the brief does not have, at the list item that names them. */
function audienceProblems(config: DistributionFile, yaml: PositionedYaml, known: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (list: readonly string[], at: (k: number) => readonly (string | number)[]): void =>
    list.forEach((a, k) => {
      if (!known.includes(a))
        out.push(
          diagnostic({
            rule: "distribution/unknown-audience",
            at: locatePath(yaml, at(k)),
            message: `audience "${a}" is not one of this brief's audiences (${known.join(", ")})`,
          }),
        );
    });
  config.recipients.forEach((r, i) => check(r.audiences, (k) => ["recipients", i, "audiences", k]));
  config.groups.forEach((g, i) => check(g.audiences, (k) => ["groups", i, "audiences", k]));
  return out;
}

/** A second listing of the same address, webhook or name (names are what `--only` matches). */
function duplicateProblems(
  recipients: readonly ResolvedRecipient[],
  groups: readonly { name: string; at: Location }[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, Location>();
  const claim = (id: string, what: string, at: Location): boolean => {
    const first = seen.get(id);
    if (first)
      out.push(
        diagnostic({
          rule: "distribution/duplicate-recipient",
          at,
          message: `${what} is already listed at line ${first.line}`,
        }),
      );
    else seen.set(id, at);
    return first === undefined;
  };
  for (const g of groups) claim(`name:${g.name.toLowerCase()}`, `the name "${g.name}"`, g.at);
  for (const r of recipients)
    if (claim(`key:${r.key}`, r.email ?? r.key, r.at))
      claim(`name:${r.name.toLowerCase()}`, `the name "${r.name}"`, r.at);
  return out;
}

/** Webhooks whose host is not on `allowed_hosts` (when the file has that list), at their URL. */
function allowedHostProblems(config: DistributionFile, yaml: PositionedYaml): Diagnostic[] {
  const allowed = config.allowed_hosts;
  if (!allowed) return [];
  return config.recipients.flatMap((r, i) => {
    if (r.channel !== "webhook") return [];
    const host = new URL(r.webhook.url).hostname.toLowerCase();
    if (allowed.includes(host)) return [];
    return [
      diagnostic({
        rule: "distribution/webhook-host",
        at: locatePath(yaml, ["recipients", i, "webhook", "url"]),
        message: `webhook host ${host} is not on allowed_hosts (${allowed.join(", ") || "empty"})`,
      }),
    ];
  });
}

/** Handlebars' message without its internals ("in [object Object]", " - 1:2"). */
export function templateMessage(e: Error): string {
  return (e.message.split("\n")[0] ?? "").replace(/ in \[object Object\]/, "").replace(/ - \d+:\d+$/, "");
}

/** Load one brief's distribution.yaml; no value (and no diagnostic but an info) when the brief has none. */
export async function loadDistribution(
  root: string,
  contentDir: string,
  brief: string,
): Promise<Reported<Distribution>> {
  const dir = path.join(contentDir, brief);
  const abs = path.join(dir, "distribution.yaml");
  if (!(await isFile(abs))) {
    const file = path.relative(root, abs).split(path.sep).join("/");
    const at = { file, line: 0, column: 0 };
    return {
      diagnostics: [
        diagnostic({ rule: "distribution/none", at, message: `brief "${brief}" has no distribution.yaml` }),
      ],
    };
  }
  const read = await readYaml(root, abs);
  if (!read.value) return { diagnostics: read.diagnostics };
  const { yaml, data, file } = read.value;
  const checked = validate(yaml, data, DistributionFile, "distribution");
  const briefYaml = await readYaml(root, path.join(dir, "brief.yaml"));
  const briefConfig = briefYaml.value
    ? validate(briefYaml.value.yaml, briefYaml.value.data, BriefConfig, "brief")
    : { diagnostics: briefYaml.diagnostics };
  const diagnostics: Diagnostic[] = [...checked.diagnostics, ...briefConfig.diagnostics];
  const config = checked.value;
  if (!config || !briefConfig.value) return { diagnostics: sortDiagnostics(diagnostics) };
  diagnostics.push(...audienceProblems(config, yaml, briefConfig.value.audiences));
  diagnostics.push(...allowedHostProblems(config, yaml));
  const groups = config.groups.map((g, i) => ({ name: g.name, at: locatePath(yaml, ["groups", i]) }));
  diagnostics.push(...duplicateProblems(resolve(config, yaml), groups));
  const suppressed = applySuppress(resolve(config, yaml), config, yaml);
  const recipients = suppressed.recipients;
  diagnostics.push(...suppressed.diagnostics);
  const subject = compileSubject(config.subject);
  const subjectAt = locatePath(yaml, ["subject"]);
  const tried = subject(SAMPLE_CONTEXT);
  if (!tried.ok)
    diagnostics.push(
      diagnostic({
        rule: "distribution/subject-template",
        at: subjectAt,
        message: `subject template: ${templateMessage(tried.error)}`,
        cause: tried.error,
      }),
    );
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  return { value: { brief, file, config, recipients, subject, subjectAt }, diagnostics: sorted };
}
