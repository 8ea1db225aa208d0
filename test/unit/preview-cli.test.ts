import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { openCommand } from "../../src/preview/open.js";
import { REPO, tempProject } from "../helpers.js";
import { limit } from "../slowness.js";

/** `brief preview`'s wrong usage: exit code 2 and one clear line, before anything is served. */

const BIN = path.join(REPO, "bin", "brief.js");
const root = tempProject();
const brief = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: limit(60_000),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The CLI's exit code and stderr, run in this process (usage errors stop before anything reads the project). */
const inProcess = async (...args: string[]): Promise<[number, string]> => {
  let err = "";
  const code = await main(args, { out: () => undefined, err: (s) => void (err += s), tty: false });
  return [code, err];
};

describe("brief preview --open", () => {
  it("uses the system's own way of opening a URL", () => {
    expect(openCommand("http://127.0.0.1:4173/", "linux")).toEqual(["xdg-open", ["http://127.0.0.1:4173/"]]);
    expect(openCommand("http://127.0.0.1:4173/", "darwin")).toEqual(["open", ["http://127.0.0.1:4173/"]]);
    expect(openCommand("http://127.0.0.1:4173/", "win32")).toEqual([
      "cmd",
      ["/c", "start", '""', "http://127.0.0.1:4173/"],
    ]);
  });
});

describe("brief preview: usage", () => {
  it("is listed in --help with its options", () => {
    const r = brief("--help");
    expect(r.stdout).toContain("preview          Serve every edition on http://127.0.0.1:4173/ and update it on save");
    expect(r.stdout).toContain("--port N");
    expect(r.stdout).toContain("--open");
  });

  it("a port that is not a port is wrong usage", async () => {
    const usage =
      "brief: --port must be a whole number from 0 to 65535 (0: any free port)\nRun `brief --help` for usage.\n";
    // One through the real command (exit status and stderr as a shell sees them); the rest in-process, the same parser.
    const r = brief("preview", "--port=70000");
    expect([r.code, r.stderr]).toEqual([2, usage]);
    for (const port of ["abc", "-1", "1.5"]) expect(await inProcess("preview", `--port=${port}`)).toEqual([2, usage]);
  });

  it("an unknown option is wrong usage", async () => {
    const [code, err] = await inProcess("preview", "--watch");
    expect(code).toBe(2);
    expect(err).toContain("Unknown option '--watch'");
  });

  it("a brief or audience that does not exist is wrong usage, reported like build reports it", () => {
    const r = brief("preview", "--brief", "nope", "--audience", "gamma");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('content:0:0: error no brief "nope" cli/unknown-brief\n  hint: Use one of: mini.');
    expect(r.stderr).toContain('templates/audiences:0:0: error no audience "gamma" cli/unknown-audience');
    expect(r.stdout).toBe("");
  });
});
