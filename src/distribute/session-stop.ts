import { diagnostic, fileLocation, type Diagnostic } from "../diagnostics/index.js";
import type { SessionStop } from "./deliver.js";
import type { Delivery } from "./plan.js";

/**
 * The one error of a run whose SMTP session failed before any recipient
 * was named: the stage, the server's reply, what to fix, and that nobody
 * was recorded as refusing mail. Placed at the distribution.yaml of the
 * first e-mail that was due (the sender address lives there; the server,
 * user and password in BRIEF_SMTP_URL).
 */
export function sessionStopDiagnostic(stop: SessionStop, todo: readonly Delivery[]): Diagnostic {
  const first = todo.find((d) => d.channel === "email");
  const waiting = todo.filter((d) => d.channel === "email").length;
  const at = first ? fileLocation(first.distribution.file) : { file: "BRIEF_SMTP_URL", line: 0, column: 0 };
  return diagnostic({
    rule: "distribute/smtp-session",
    at,
    message: `the SMTP session failed at ${stop.stage} (${stop.reason}), so sending stopped: ${stop.hint}. No recipient was recorded as refusing mail; the ${waiting} e-mail${waiting === 1 ? "" : "s"} due are sent by the next run`,
  });
}
