import { describe, expect, it } from "vitest";
import { pushEnvironment } from "../../src/cli/ledger-checkpoint.js";
import { checkpointed } from "../../src/distribute/checkpoint.js";
import type { LedgerEntry } from "../../src/distribute/ledger.js";

/**
 * The checkpointed ledger writer: a push after every N lines and one at
 * close for what is left; a failed push is a warning, and its lines are
 * pushed by the next checkpoint.
 */

function writer(results: boolean[]) {
  const events: string[] = [];
  const w = checkpointed(
    {
      append: (e) => {
        events.push(`append ${e.recipient}`);
        return Promise.resolve();
      },
      close: () => {
        events.push("close");
        return Promise.resolve();
      },
    },
    {
      every: 2,
      push: () => {
        events.push("push");
        return Promise.resolve(results.shift() ?? true);
      },
      warn: (m) => events.push(`warn ${m}`),
    },
  );
  return { w, events };
}

const entry = (recipient: string): LedgerEntry => ({ recipient }) as unknown as LedgerEntry;

describe("checkpointed()", () => {
  it("pushes after every N lines, before the append returns, and at close only for unpushed lines", async () => {
    const { w, events } = writer([]);
    for (const r of ["a", "b", "c", "d"]) await w.append(entry(r));
    await w.close();
    expect(events).toEqual(["append a", "append b", "push", "append c", "append d", "push", "close"]);
    const odd = writer([]);
    for (const r of ["a", "b", "c"]) await odd.w.append(entry(r));
    await odd.w.close();
    expect(odd.events).toEqual(["append a", "append b", "push", "append c", "close", "push"]);
  });

  it("a failed push warns and sending goes on; the close pushes what is left", async () => {
    const { w, events } = writer([false, true]);
    for (const r of ["a", "b"]) await w.append(entry(r));
    await w.close();
    expect(events[3]).toMatch(/^warn the ledger checkpoint after 2 lines could not be pushed; sending goes on/);
    expect(events.slice(4)).toEqual(["close", "push"]);
  });
});

describe("the checkpoint push's environment", () => {
  it("keeps git's settings and GH_TOKEN but not the SMTP URL or any webhook token", () => {
    const env = pushEnvironment({
      PATH: "/usr/bin",
      GH_TOKEN: "ghs_x",
      GIT_AUTHOR_NAME: "bot",
      BRIEF_SMTP_URL: "smtps://u:secret@mail.example.org",
      BRIEF_WEBHOOK_TEAMS: "tok",
      BRIEF_LEDGER: "ledger/deliveries.jsonl",
    });
    expect(env).toEqual({
      PATH: "/usr/bin",
      GH_TOKEN: "ghs_x",
      GIT_AUTHOR_NAME: "bot",
      BRIEF_LEDGER: "ledger/deliveries.jsonl",
    });
  });
});
