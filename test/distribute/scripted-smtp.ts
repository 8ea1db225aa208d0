import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A small SMTP server over real TCP whose reply at one stage of the
 * session is scripted: the greeting, EHLO (and HELO), STARTTLS, AUTH,
 * MAIL FROM, RCPT TO, or the reply to the message (DATA). Every other
 * command gets the normal answer. smtp-server has no hook for EHLO or
 * STARTTLS, hence this one; the tests of the other stages also run against
 * smtp-server itself.
 */

/** A stage whose reply is scripted. */
export type Stage = "greeting" | "EHLO" | "STARTTLS" | "AUTH" | "MAIL FROM" | "RCPT TO" | "DATA";

/** The normal (2xx) reply of each stage. */
export const NORMAL: Record<Stage, number> = {
  greeting: 220,
  EHLO: 250,
  STARTTLS: 220,
  AUTH: 235,
  "MAIL FROM": 250,
  "RCPT TO": 250,
  DATA: 250,
};

/** The server, what it accepted, and the commands it was sent. */
export interface Scripted {
  readonly url: string;
  /** Messages accepted, by recipient. */
  readonly accepted: string[];
  /** Every command line received, in order. */
  readonly commands: string[];
  /** Replace the script: `code` at `stage` (undefined: every stage answers normally). */
  script(stage: Stage | undefined, code?: number): void;
  close(): Promise<void>;
}

/** Start a scripted server on 127.0.0.1; it offers STARTTLS only when `offerTls`. */
export async function scriptedSmtp(offerTls = false): Promise<Scripted> {
  let fault: { stage: Stage; code: number } | undefined;
  const accepted: string[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const code = (stage: Stage): number => (fault?.stage === stage ? fault.code : NORMAL[stage]);
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const send = (line: string): void => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    let rcpt = "";
    let inData = false;
    let buffer = "";
    const greet = code("greeting");
    send(`${greet} scripted ${greet === 220 ? "ESMTP ready" : "not now"}`);
    if (greet !== 220) return void socket.end();
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (let i = buffer.indexOf("\r\n"); i >= 0; i = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line !== ".") continue;
          inData = false;
          const c = code("DATA");
          if (c < 400) accepted.push(rcpt);
          send(`${c} ${c < 400 ? "queued" : c < 500 ? "try again later" : "message refused"}`);
          continue;
        }
        commands.push(line);
        const verb = line.toUpperCase();
        if (verb.startsWith("EHLO") || verb.startsWith("HELO")) {
          const c = code("EHLO");
          if (c >= 400) send(`${c} EHLO refused`);
          else if (verb.startsWith("HELO")) send("250 scripted");
          else send(`250-scripted\r\n${offerTls ? "250-STARTTLS\r\n" : ""}250-AUTH PLAIN\r\n250 8BITMIME`);
        } else if (verb.startsWith("STARTTLS")) {
          const c = code("STARTTLS");
          send(`${c} ${c < 400 ? "go ahead" : "TLS not available"}`);
          if (c < 400) socket.destroy(); // no TLS here: a handshake that fails
        } else if (verb.startsWith("AUTH")) {
          const c = code("AUTH");
          send(
            `${c} ${c < 400 ? "authenticated" : c < 500 ? "temporary authentication failure" : "5.7.8 authentication failed"}`,
          );
        } else if (verb.startsWith("MAIL FROM")) {
          const c = code("MAIL FROM");
          send(`${c} ${c < 400 ? "sender ok" : "sender refused"}`);
        } else if (verb.startsWith("RCPT TO")) {
          const c = code("RCPT TO");
          rcpt = /<([^>]*)>/.exec(line)?.[1] ?? "";
          send(`${c} ${c < 400 ? "recipient ok" : c < 500 ? "mailbox busy" : "5.1.1 no such mailbox"}`);
        } else if (verb === "DATA") {
          send("354 go ahead");
          inData = true;
        } else if (verb === "QUIT") {
          send("221 bye");
          socket.end();
        } else send("250 ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://user:secret@127.0.0.1:${port}`,
    accepted,
    commands,
    script: (stage, c) => {
      fault = stage && c !== undefined ? { stage, code: c } : undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
