import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { Script } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatText } from "../../src/diagnostics/index.js";
import { build } from "../../src/index.js";
import { runPreview, type PreviewEvent, type PreviewServer } from "../../src/preview/index.js";
import { RenderError, type RendererFactory } from "../../src/stages/6-render/index.js";
import { read, tempProject } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * The preview server in-process, on the mini fixture, with a renderer seam
 * that has no browser (so no Chromium is needed here; the e2e suite drives
 * a real one): what is served and with which headers, what is refused, and
 * which editions a save prepares again.
 */

const noBrowser: RendererFactory = () => Promise.reject(new RenderError("no-browser", "no browser in this test"));

let root: string;
let server: PreviewServer;
const events: PreviewEvent[] = [];

/** Resolves with the first event (after those already seen) that `match` accepts. */
function next<K extends PreviewEvent["kind"]>(
  kind: K,
  match: (e: Extract<PreviewEvent, { kind: K }>) => boolean = () => true,
): Promise<Extract<PreviewEvent, { kind: K }>> {
  const from = events.length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${kind} event`)), limit(20_000));
    const poll = setInterval(() => {
      const hit = events
        .slice(from)
        .find(
          (e): e is Extract<PreviewEvent, { kind: K }> =>
            e.kind === kind && match(e as Extract<PreviewEvent, { kind: K }>),
        );
      if (!hit) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(hit);
    }, 10);
  });
}

/** Send a raw request line (no client-side normalisation) and return the status code. */
function raw(target: string, host = `127.0.0.1:${server.port}`, method = "GET"): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let data = "";
    socket.on("data", (d) => (data += String(d)));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
    socket.on("error", reject);
    socket.write(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}

const get = (rel: string): Promise<Response> => fetch(new URL(rel, server.url));

beforeAll(async () => {
  root = tempProject();
  const started = await runPreview({ root, port: 0, onEvent: (e) => events.push(e) }, { openRenderer: noBrowser });
  if (!started.value) throw new Error("preview did not start");
  server = started.value;
}, limit(60_000));

afterAll(async () => {
  await server.close();
});

describe("brief preview: what is served", () => {
  it("listens on 127.0.0.1 and lists every edition", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await (await get("/")).text();
    expect(index).toContain('href="/e/mini-alpha/"');
    expect(index).toContain('href="/e/mini-beta/"');
  });

  it("an edition page: the preview's own script and nothing else runs; headers say so", async () => {
    const res = await get("/e/mini-alpha/");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/__preview/live.js" defer>']);
    expect(html).not.toMatch(/<script>|\son[a-z]+=|javascript:/i);
    expect(html).not.toContain("Content-Security-Policy"); // the edition's own meta policy (script-src 'none') is replaced by the header
    expect(html).toContain("Only alpha readers see this alpha-paragraph.");
    expect(html).not.toContain("beta-paragraph");
  });

  it("the edition's stylesheet, fonts and images are served; the script with a JavaScript type", async () => {
    const html = await (await get("/e/mini-alpha/")).text();
    const css = /href="(assets\/css\/mini-alpha\.css\?v=[0-9a-f]+)"/.exec(html)?.[1] ?? "";
    const cssRes = await get(`/e/mini-alpha/${css}`);
    expect(cssRes.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const text = await cssRes.text();
    expect(text).toContain(".pv-sheet { width: 210mm; min-height: 297mm; padding: 20mm 20mm 18mm 20mm; }");
    const font = /url\(\.\.\/fonts\/([^)]+\.woff2)\)/.exec(text)?.[1];
    const fontRes = await get(`/e/mini-alpha/assets/fonts/${font}`);
    expect([fontRes.status, fontRes.headers.get("content-type")]).toEqual([200, "font/woff2"]);
    const img = await get("/e/mini-alpha/assets/img/mini/images/square.png");
    expect([img.status, img.headers.get("content-type")]).toEqual([200, "image/png"]);
    expect(img.headers.get("content-security-policy")).toContain("sandbox");
    const script = await get("/__preview/live.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const source = await script.text();
    expect(() => new Script(source)).not.toThrow(); // compiles; not run here
    expect(source).toContain('"/__preview/events"');
  });

  it("traversal, encoded traversal, absolute paths and files outside the editions' assets are 404", async () => {
    const targets = [
      "/../package.json",
      "/e/mini-alpha/../../package.json",
      "/%2e%2e/package.json",
      "/e/mini-alpha/%2e%2e%2f%2e%2e%2fpackage.json",
      "/e/mini-alpha/%252e%252e/%252e%252e/package.json",
      "/e/mini-alpha/..%5c..%5cpackage.json",
      "/e/mini-alpha/assets/img/mini/facts.yaml",
      "/e/mini-alpha/assets/img/mini/images/../../../../package.json",
      "/e/mini-alpha/content/mini/facts.yaml",
      "/e/mini-gamma/",
      "/etc/passwd",
      "//etc/passwd",
      "/package.json",
      `/e/mini-alpha/${encodeURIComponent(path.join(root, "content/mini/facts.yaml"))}`,
      "/e/mini-alpha/%00",
      "/favicon.ico",
    ];
    for (const t of targets) expect([t, await raw(t)]).toEqual([t, 404]);
  });

  it("another Host (DNS rebinding) is refused; only GET and HEAD are answered", async () => {
    expect(await raw("/", "evil.example:80")).toBe(403);
    expect(await raw("/", `127.0.0.1:${server.port}`, "POST")).toBe(405);
    expect(await raw("/e/mini-alpha/", `localhost:${server.port}`, "HEAD")).toBe(200);
  });

  it("without a browser, the PDF link says why instead of failing silently", async () => {
    const res = await get("/e/mini-alpha/mini-alpha.pdf");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("no browser in this test");
  });
});

describe("brief preview: a save", () => {
  const section = (): string => path.join(root, "content/mini/sections/20-alpha.md");

  it("re-prepares only the editions the changed file feeds", async () => {
    let update = next("updated");
    writeFileSync(section(), `${read(root, "content/mini/sections/20-alpha.md")}\nA sentence added in a test.\n`);
    expect((await update).editions).toEqual(["mini-alpha"]);
    expect(await (await get("/e/mini-alpha/")).text()).toContain("A sentence added in a test.");
    update = next("updated");
    writeFileSync(path.join(root, "content/mini/facts.yaml"), `${read(root, "content/mini/facts.yaml")}\n`);
    expect([...(await update).editions].sort()).toEqual(["mini-alpha", "mini-beta"]);
  });

  it("that breaks content keeps the last good page and lists each problem as the CLI does; fixing it clears them", async () => {
    const good = read(root, "content/mini/sections/20-alpha.md");
    const problems = next("problems", (e) => e.diagnostics.length > 0);
    writeFileSync(section(), `${good}\nNow {{fact "no-such-fact"}} is used.\n`);
    const reported = (await problems).diagnostics;
    expect(reported.map((d) => d.ruleId)).toContain("facts/undefined");
    const html = await (await get("/e/mini-alpha/")).text();
    expect(html).toContain("A sentence added in a test."); // the last good rendering
    expect(html).toContain("showing the last good rendering");
    const overlay = /<div id="pv-overlay"[^>]*>/.exec(html)?.[0] ?? "";
    expect(overlay).not.toContain("hidden");
    for (const d of reported) expect(html).toContain(escape(formatText(d)));
    expect(reported.find((d) => d.ruleId === "facts/undefined")?.file).toBe("content/mini/sections/20-alpha.md");
    const fixed = next("problems", (e) => e.diagnostics.every((d) => d.severity !== "error"));
    writeFileSync(section(), good);
    await fixed;
    const after = await (await get("/e/mini-alpha/")).text();
    expect(/<div id="pv-overlay"[^>]*>/.exec(after)?.[0]).toContain("hidden");
    expect(after).not.toContain("showing the last good rendering");
  });

  it("that breaks a brief's YAML keeps both editions' last good pages, with the YAML error on each", async () => {
    const facts = path.join(root, "content/mini/facts.yaml");
    const good = readFileSync(facts, "utf8");
    const broken = next("problems", (e) => e.diagnostics.some((d) => d.ruleId === "yaml/syntax"));
    writeFileSync(
      facts,
      `${good}
broken: [unclosed
`,
    );
    const line = formatText((await broken).diagnostics.find((d) => d.ruleId === "yaml/syntax") ?? fail());
    for (const name of ["mini-alpha", "mini-beta"]) {
      const html = await (await get(`/e/${name}/`)).text();
      expect(html).toContain("Common section");
      expect(html).toContain(escape(line));
    }
    expect(await (await get("/")).text()).toContain('href="/e/mini-beta/"');
    const fixed = next("problems", (e) => e.diagnostics.every((d) => d.severity !== "error"));
    writeFileSync(facts, good);
    await fixed;
  });

  it("never writes to output/", () => {
    expect(readdirSync(root)).not.toContain("output");
  });
});

describe("brief build", () => {
  it("writes no script into an edition, the preview's least of all", async () => {
    const r = await build({ root: tempProject(), formats: ["html"] });
    const files = r.editions.flatMap((e) => e.files);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const html = readFileSync(f, "utf8");
      expect(html).not.toMatch(/<script|__preview/i);
    }
  });
});

function fail(): never {
  throw new Error("expected a diagnostic");
}

/** Text as hast-util-to-html escapes it inside an element. */
function escape(s: string): string {
  return s.replace(/&/g, "&#x26;").replace(/</g, "&#x3C;");
}
