import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * The simulation's outside world: a real SMTP server (smtp-server, with
 * STARTTLS and a login) whose mailboxes are kept per address, with
 * per-address refusals; and a real
 * HTTPS webhook receiver (a self-signed certificate made with openssl,
 * trusted by the runs through NODE_EXTRA_CA_CERTS) that records every
 * request with its Idempotency-Key.
 */

/** One message as its recipient's mailbox holds it. */
export interface Message {
  readonly to: string;
  readonly mail: ParsedMail;
}

/**
 * A local SMTP server with STARTTLS (the webhook receiver's certificate,
 * which the runs trust) and a login; `refuse` maps an address to the reply
 * code it gets at DATA; `password` is the one the login accepts (change it
 * to expire the one the workflow's secret holds).
 */
export class Mailboxes {
  readonly messages: Message[] = [];
  readonly refuse = new Map<string, number>();
  private server: SMTPServer | undefined;
  port = 0;
  password = "mail-secret";
  /** Logins refused so far. */
  refusedLogins = 0;

  constructor(private readonly tls: { readonly key: string; readonly cert: string }) {}

  /** Start listening (again); a new port each time. */
  async start(): Promise<void> {
    const server = new SMTPServer({
      key: readFileSync(this.tls.key),
      cert: readFileSync(this.tls.cert),
      authMethods: ["PLAIN", "LOGIN"],
      onAuth: (auth, _session, callback) => {
        if (auth.username === "unit" && auth.password === this.password) return callback(null, { user: "unit" });
        this.refusedLogins++;
        callback(Object.assign(new Error("5.7.8 Authentication failed: password expired"), { responseCode: 535 }));
      },
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const refused = to.map((a) => this.refuse.get(a)).find((c) => c !== undefined);
          if (refused !== undefined)
            return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: refused }));
          void simpleParser(Buffer.concat(chunks)).then((mail) => {
            for (const a of to) this.messages.push({ to: a, mail });
            callback();
          });
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  /** Stop listening: connections are refused, as when the mail server is down. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The server's URL with the login `password` (default: the one it accepts now). */
  url(password = this.password): string {
    return `smtp://unit:${password}@127.0.0.1:${this.port}`;
  }

  /** Messages for one address, in arrival order. */
  of(address: string): Message[] {
    return this.messages.filter((m) => m.to === address);
  }
}

/** One webhook request. */
export interface Hook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: { text: string; brief: Record<string, unknown> };
}

/** A local HTTPS receiver for webhooks. */
export class WebhookReceiver {
  readonly hooks: Hook[] = [];
  private server: Server | undefined;
  port = 0;
  /** The certificate the runs must trust (NODE_EXTRA_CA_CERTS). */
  readonly certFile: string;
  readonly keyFile: string;

  constructor(dir: string) {
    this.certFile = path.join(dir, "webhook-cert.pem");
    this.keyFile = path.join(dir, "webhook-key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:hooks.simulate.example.org",
        "-keyout",
        this.keyFile,
        "-out",
        this.certFile,
      ],
      { stdio: "ignore" },
    );
  }

  async start(): Promise<void> {
    const server = createServer({ key: readFileSync(this.keyFile), cert: readFileSync(this.certFile) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Hook["body"];
        this.hooks.push({ path: req.url ?? "", headers: req.headers, body });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
