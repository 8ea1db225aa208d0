import { parseArgs, type ParseArgsConfig } from "node:util";

/** Argument parsing shared by the commands: each command parses its own options strictly. */

/** Options most commands share. */
export const COMMON = {
  brief: { type: "string", multiple: true },
  audience: { type: "string", multiple: true },
  format: { type: "string", multiple: true },
  timeout: { type: "string" },
  jobs: { type: "string" },
  strict: { type: "boolean" },
  "no-cache": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

export type Parsed<O extends ParseArgsConfig["options"]> = ReturnType<
  typeof parseArgs<{ options: O; args: string[]; allowPositionals: true; strict: true }>
>;

/** Parse one command's options; a bad option comes back as the message to print (a usage error). */
export function parse<O extends ParseArgsConfig["options"]>(args: readonly string[], options: O): Parsed<O> | string {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    return (e as Error).message;
  }
}

/** A positive integer option, or the usage message saying what it must be. */
export function positiveInt(
  name: string,
  value: string | undefined,
  what: string,
): number | undefined | { error: string } {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : { error: `--${name} must be ${what}` };
}
