import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/index.js";
import { openChromium } from "../../src/stages/6-render/index.js";
import { lines, tempProject } from "../helpers.js";
import { limit } from "../slowness.js";
import { countingServer } from "./support.js";

/**
 * Content cannot reach the network. A local server on 127.0.0.1 counts
 * requests while content tries every way in: a remote Markdown image, a
 * link, raw <img>, and a stylesheet @import/url() in an audience's
 * style.css. The server must receive nothing, the build must say what it
 * refused, and no reference may reach the output.
 */

/** The markdown stage quotes the first 40 characters of removed HTML. */
const snippet = (html: string): string => html.slice(0, 40);

let server: Awaited<ReturnType<typeof countingServer>>;
beforeEach(async () => {
  server = await countingServer();
});
afterEach(async () => {
  await server.close();
});

describe("no network from content", () => {
  it("remote image, link, raw <img> and CSS @import: refused, reported, zero requests", async () => {
    const url = `http://127.0.0.1:${server.port}`;
    const root = tempProject({
      "content/mini/sections/40-net.md": `---\nid: net\ntitle: Network\norder: 40\n---\nA picture:\n\n![remote picture](${url}/x.png)\n\nA [link](${url}/page) to the server.\n\n<img src="${url}/raw.png" alt="raw">\n`,
      "templates/audiences/alpha/style.css": `@import url(${url}/x.css);\nbody { background: url('${url}/bg.png'); }\n`,
    });
    const r = await build({ root });
    expect(server.requests).toEqual([]);
    expect(r.exitCode).toBe(1);
    expect(lines(r.diagnostics)).toEqual([
      `content/mini/sections/40-net.md:8:1: error image "${url}/x.png" is not a file inside the brief markdown/remote-image`,
      `content/mini/sections/40-net.md:12:1: warning raw HTML removed: ${snippet(`<img src="${url}/raw.png" alt="raw">`)} markdown/raw-html`,
      `templates/audiences/alpha/style.css:1:1: error stylesheet imports "url(${url}/x.css)" styles/remote-url`,
      `templates/audiences/alpha/style.css:2:20: error stylesheet refers to "${url}/bg.png", outside the bundled assets styles/remote-url`,
    ]);
    expect(existsSync(path.join(root, "output"))).toBe(false);
  });

  it("what is only a warning builds, and the output holds no fetchable reference to the server", async () => {
    const url = `http://127.0.0.1:${server.port}`;
    const root = tempProject({
      "content/mini/sections/40-net.md": `---\nid: net\ntitle: Network\norder: 40\n---\nA [link](${url}/page) to the server.\n\n<img src="${url}/raw.png" alt="raw">\n\n<link rel="stylesheet" href="${url}/raw.css">\n`,
    });
    const r = await build({ root, audiences: ["beta"] });
    expect(server.requests).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(lines(r.diagnostics.filter((d) => d.severity !== "info"))).toEqual([
      `content/mini/sections/40-net.md:8:1: warning raw HTML removed: ${snippet(`<img src="${url}/raw.png" alt="raw">`)} markdown/raw-html`,
      `content/mini/sections/40-net.md:10:1: warning raw HTML removed: ${snippet(`<link rel="stylesheet" href="${url}/raw.css">`)} markdown/raw-html`,
    ]);
    const html = readFileSync(path.join(root, "output/mini-beta.html"), "utf8");
    expect(html).not.toMatch(/<img[^>]*127\.0\.0\.1/);
    expect(html).not.toMatch(/raw\.(png|css)/);
    // A link is a hyperlink for the reader to follow, not a request made while rendering.
    expect(html).toContain(`<a href="${url}/page">link</a>`);
  });

  it("the browser itself refuses every request outside the staging folder (defence in depth)", async () => {
    const url = `http://127.0.0.1:${server.port}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), "brief-net-"));
    const html = path.join(dir, "page.html");
    writeFileSync(
      html,
      `<!DOCTYPE html><html><head><style>@import url(${url}/import.css);</style><link rel="stylesheet" href="${url}/link.css"></head>` +
        `<body><p style="background:url(${url}/bg.png)">text</p><img src="${url}/img.png" alt=""><img src="file:///etc/passwd" alt="">` +
        `<iframe src="${url}/frame"></iframe><script>fetch("${url}/script")</script></body></html>`,
    );
    const renderer = await openChromium({ timeoutMs: limit(20_000), env: process.env });
    try {
      const page = await renderer.openPage(dir);
      const r = await page.print(html);
      expect(Buffer.from(r.pdf).subarray(0, 5).toString()).toBe("%PDF-");
      expect(server.requests).toEqual([]);
      expect(r.blocked).toEqual(
        expect.arrayContaining([`${url}/import.css`, `${url}/link.css`, `${url}/img.png`, "file:///etc/passwd"]),
      );
      expect(r.blocked.some((u) => u.endsWith("/script"))).toBe(false);
    } finally {
      await renderer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
