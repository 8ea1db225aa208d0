import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { tempProject } from "../helpers.js";
import { REAL_DISTRIBUTE_SEAMS, type DistributeSeams } from "../../src/distribute/index.js";
import type { AddressSeam } from "../../src/distribute/webhook-guard.js";
import { DEFAULT_RETRY, type Clock } from "../../src/distribute/retry.js";
import { ReleaseManifest } from "../../src/release/manifest.js";

/**
 * Shared parts of the distribute tests: a project with a distribution.yaml
 * (the mini fixture: brief "mini", audiences alpha and beta), a release
 * folder made of small stand-in files with real hashes (for tests that do
 * not look inside the PDFs), seams with a clock that does not wait, and a
 * real SMTP server on 127.0.0.1.
 */

export const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

/** A distribution.yaml for the mini brief: three e-mail recipients (one in a group) and no webhook. */
export const MINI_DISTRIBUTION = `sender:
  name: Test Unit
  email: briefs@example.org
subject: "{{brief.title}} — {{audience.label}} edition"
base_url: https://briefs.example.org/mini/
recipients:
  - name: Ada Alpha
    email: ada@example.org
    audiences: [alpha]
    attach: pdf
    note: Personal note for Ada.
  - name: Bo Both
    email: bo@example.org
    audiences: [alpha, beta]
    attach: link
groups:
  - name: Beta readers
    audiences: [beta]
    attach: pdf
    members:
      - name: Cy Beta
        email: cy@example.org
`;

/** A project (mini fixture) with `distribution` as content/mini/distribution.yaml. */
export function projectWith(distribution: string | null = MINI_DISTRIBUTION): string {
  return tempProject(distribution === null ? {} : { "content/mini/distribution.yaml": distribution });
}

/** The tag of a stand-in release made without a seed. */
export const FAKE_TAG = `editions-20250212-100000-${sha256("").slice(0, 12)}`;

/** Where the stand-in release's files are published (base_url + tag). */
export const FAKE_BASE = `https://briefs.example.org/mini/${FAKE_TAG}/`;

/** Options for a stand-in release. */
export interface FakeReleaseOptions {
  readonly title?: string;
  readonly changes?: string;
  /** Seed that changes every file (and so every input hash). */
  readonly seed?: string;
  /** Seed of what the editions read as (their reader digests); defaults to `seed`. */
  readonly reads?: string;
  /** The release's tag. */
  readonly tag?: string;
}

/** A release folder under `root/release` with stand-in files (not real PDFs) and a valid manifest. */
export function fakeRelease(root: string, o: FakeReleaseOptions = {}): string {
  const dir = path.join(root, "release");
  mkdirSync(path.join(dir, "assets", "css"), { recursive: true });
  const put = (rel: string, data: string, kind: "pdf" | "html" | "asset") => {
    writeFileSync(path.join(dir, rel), data);
    return { path: rel, sha256: sha256(data), bytes: Buffer.byteLength(data), kind };
  };
  const css = put("assets/css/edition.css", `body { color: #111 } /* ${o.seed ?? ""} */`, "asset");
  const editions = ["alpha", "beta"].map((audience) => {
    const name = `mini-${audience}`;
    const files = [
      put(`${name}.pdf`, `%PDF-1.7 stand-in for ${name} ${o.seed ?? ""}\n${"x".repeat(2000)}`, "pdf"),
      put(`${name}.html`, `<!DOCTYPE html><title>${name}</title>`, "html"),
      css,
    ];
    return {
      name,
      brief: "mini",
      audience,
      title: o.title ?? "Mini brief for tests",
      edition: `${audience[0]?.toUpperCase()}${audience.slice(1)} edition`,
      audienceLabel: audience === "alpha" ? "Alpha" : "Beta",
      editionDate: "2025-02-12",
      informationAsOf: "2025-02-10",
      inputHash: sha256(`${name}${o.seed ?? ""}`),
      readerDigest: sha256(`reads ${name}${o.reads ?? o.seed ?? ""}`),
      pages: 3,
      readingGrade: 9,
      sections: ["takeaways"],
      takeaways: [`The cost was $5.6 million (${audience}).`, "A plain claim & <another>."],
      facts: [],
      sources: [],
      files,
    };
  });
  const zip = "PK stand-in zip";
  writeFileSync(path.join(dir, "editions-html.zip"), zip);
  const manifest = ReleaseManifest.parse({
    version: 2,
    tag: o.tag ?? `editions-20250212-100000-${sha256(o.seed ?? "").slice(0, 12)}`,
    inputHash: sha256(editions.map((e) => e.inputHash).join("")),
    readerDigest: sha256(editions.map((e) => e.readerDigest).join("")),
    pipeline: "policy-brief 0.1.0",
    node: process.version,
    chromium: null,
    created: "2025-02-12T10:00:00Z",
    editions,
    facts: [],
    sources: [],
    htmlZip: { path: "editions-html.zip", sha256: sha256(zip), bytes: zip.length },
  });
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(
    path.join(dir, "CHANGES.md"),
    o.changes ?? "# Two facts changed\n\n- cost: $5 million → $5.6 million\n",
  );
  return dir;
}

/** The manifest of a release folder. */
export function manifestOf(dir: string): ReleaseManifest {
  return ReleaseManifest.parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));
}

/** A clock that never waits and records every wait. */
export function fakeClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => new Date("2025-02-12T12:00:00Z"),
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  };
}

/** Real mail and webhooks, a fake clock, and 1×1 thumbnails (no browser). */
export function fastSeams(clock: Clock = fakeClock()): DistributeSeams {
  const png = new PNG({ width: 4, height: 6 });
  return {
    ...REAL_DISTRIBUTE_SEAMS,
    clock,
    retry: DEFAULT_RETRY,
    thumbnails: (jobs) => Promise.resolve(new Map(jobs.map((j) => [j.name, PNG.sync.write(png)]))),
  };
}

/** The edition a received message carries (its X-Brief-Edition header). */
export function editionOf(mail: ParsedMail): string {
  const v = mail.headers.get("x-brief-edition");
  return typeof v === "string" ? v : "";
}

/** A message the test server accepted. */
export interface Received {
  readonly from: string;
  readonly to: readonly string[];
  readonly mail: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 (random port, no TLS, no auth).
 * `respond(n, session)` decides the reply to the n-th DATA (1-based):
 * undefined accepts, a number refuses with that code, "hold" never answers,
 * "lost" keeps the message and drops the connection before answering (a
 * lost "250 OK").
 */
export async function smtpServer(
  respond: (n: number, session: SMTPServerSession) => number | "hold" | "lost" | undefined = () => undefined,
) {
  const received: Received[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const n = ++attempts;
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const answer = respond(n, session);
        if (answer === "hold") return;
        if (answer === "lost") {
          void simpleParser(Buffer.concat(chunks)).then((mail) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              mail,
            });
            const open = (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections;
            for (const c of open) c._socket.destroy();
          });
          return;
        }
        if (typeof answer === "number") {
          const err = Object.assign(new Error(answer >= 500 ? "mailbox unavailable" : "try again later"), {
            responseCode: answer,
          });
          return callback(err);
        }
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An address seam for the real poster: `host` resolves to 127.0.0.1, and only that address is allowed. */
export function loopbackSeam(host: string): AddressSeam {
  return {
    policy: (ip) => ip === "127.0.0.1",
    resolve: (name, _options, callback) =>
      name === host
        ? callback(null, [{ address: "127.0.0.1", family: 4 }])
        : callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" }), []),
  };
}
