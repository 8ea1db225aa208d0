import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { ID_PATTERN, IsoDate } from "../config/schemas.js";
import { scaffoldAudience, scaffoldBrief } from "../scaffold/brief.js";
import { didYouMean } from "../lib/suggest.js";
import { parse } from "./args.js";
import { usage, type Io } from "./io.js";

/**
 * `brief new <id> [--audiences a,b] [--title "…"] [--date YYYY-MM-DD]`
 * writes a complete brief into content/<id>/; `brief new --audience NAME`
 * writes templates/audiences/NAME.yaml. Neither ever overwrites: a brief is
 * written into a hidden folder and renamed into place, so it appears whole
 * or not at all, and an existing one is refused.
 */

/** The audiences defined in templates/audiences/. */
async function audiencesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith(".yaml") && !n.startsWith(".")).map((n) => n.slice(0, -5));
  } catch {
    return [];
  }
}

/** Today in UTC, `YYYY-MM-DD`: where a new brief's dates start. */
const today = (): string => new Date().toISOString().slice(0, 10);

async function newAudience(root: string, name: string, io: Io): Promise<number> {
  if (!ID_PATTERN.test(name))
    return usage(io, `audience name "${name}" must be lower-case letters, digits and hyphens`);
  const file = path.join(root, "templates", "audiences", `${name}.yaml`);
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, scaffoldAudience(name), { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST")
      return usage(io, `templates/audiences/${name}.yaml already exists; brief new never overwrites an audience`);
    throw e;
  }
  io.out(
    `created templates/audiences/${name}.yaml\nNext: edit its label, cover text and disclaimer, then name "${name}" in a brief's audiences.\n`,
  );
  return 0;
}

async function newBrief(
  root: string,
  id: string,
  o: { audiences?: string; title?: string; date?: string },
  io: Io,
): Promise<number> {
  if (!ID_PATTERN.test(id)) return usage(io, `brief id "${id}" must be lower-case letters, digits and hyphens`);
  const date = o.date ?? today();
  if (!IsoDate.safeParse(date).success) return usage(io, `--date must be a date written YYYY-MM-DD, not "${date}"`);
  const known = await audiencesIn(path.join(root, "templates", "audiences"));
  const audiences = o.audiences
    ? o.audiences
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean)
    : known;
  if (audiences.length === 0)
    return usage(io, "there are no audiences yet: add one first with `brief new --audience NAME`");
  for (const a of audiences)
    if (!known.includes(a))
      return usage(
        io,
        `audience "${a}" is not defined in templates/audiences/. ${didYouMean(a, known)} Or add it first: brief new --audience ${a}`,
      );
  const content = path.join(root, "content");
  const target = path.join(content, id);
  const staging = path.join(content, `.brief-new-${randomBytes(4).toString("hex")}`);
  const files = scaffoldBrief({ id, title: o.title ?? "Title of the brief", audiences, date });
  const exists = (): NodeJS.ErrnoException => Object.assign(new Error(`${target} exists`), { code: "EEXIST" });
  try {
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      throw exists();
    for (const [rel, text] of files) {
      await mkdir(path.dirname(path.join(staging, rel)), { recursive: true });
      await writeFile(path.join(staging, rel), text);
    }
    // One rename: the brief appears whole or not at all (onto a folder made meanwhile, it fails with ENOTEMPTY).
    await rename(staging, target);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === "EEXIST" || (e as NodeJS.ErrnoException).code === "ENOTEMPTY")
      return usage(io, `content/${id} already exists; brief new never overwrites a brief`);
    throw e;
  }
  io.out(
    [
      `created content/${id}/ (${[...files.keys()].join(", ")})`,
      `Next: make (or brief build --brief ${id}) builds ${audiences.map((a) => `output/${id}-${a}.pdf`).join(", ")};`,
      `then replace the placeholders. brief check --brief ${id} lists what is left.`,
      "",
    ].join("\n"),
  );
  return 0;
}

/** `brief new`'s options (test/unit/cli-options.test.ts checks each is in --help and docs/cli.md). */
export const OPTIONS = {
  audiences: { type: "string" },
  audience: { type: "string" },
  title: { type: "string" },
  date: { type: "string" },
} as const;

/** `brief new`: parse, then write a brief or an audience. */
export async function newCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, OPTIONS);
  if (typeof p === "string") return usage(io, p);
  const { values, positionals } = p;
  const root = process.cwd();
  if (values.audience !== undefined) {
    if (positionals.length || values.audiences || values.title || values.date)
      return usage(io, "brief new --audience NAME takes no other arguments");
    return newAudience(root, values.audience, io);
  }
  const [id, extra] = positionals;
  if (id === undefined) return usage(io, "brief new needs a brief id (brief new my-brief) or --audience NAME");
  if (extra !== undefined) return usage(io, `unexpected argument "${extra}"`);
  return newBrief(
    root,
    id,
    {
      ...(values.audiences === undefined ? {} : { audiences: values.audiences }),
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values.date === undefined ? {} : { date: values.date }),
    },
    io,
  );
}
