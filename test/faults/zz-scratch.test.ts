import { it } from "vitest";
import { build, check } from "../../src/index.js";
import { tempProject } from "../helpers.js";

it("scratch", async () => {
  const para = "The quick analysis of the market shows that costs fell sharply over the year, and that many firms changed their plans as a result of the new model.\n\n";
  let body = "";
  let i = 0;
  while (body.length < 5 * 1024 * 1024) { if (i % 40 === 0) body += `### Part ${i}\n\n`; body += para; i++; }
  const root = tempProject({ "content/mini/sections/40-huge.md": `---\nid: huge\ntitle: Huge\norder: 40\naudiences: [beta]\n---\n${body}` });
  let t = Date.now();
  const c = await check({ root, audiences: ["beta"] });
  console.log("check ms", Date.now() - t, c.exitCode, c.diagnostics.map((d) => d.message).slice(0, 5), process.memoryUsage().rss >> 20);
  t = Date.now();
  const r = await build({ root, audiences: ["beta"], formats: ["html"] });
  console.log("html ms", Date.now() - t, r.exitCode, r.diagnostics.map((d) => d.message).slice(0, 5), process.memoryUsage().rss >> 20);
  t = Date.now();
  const r2 = await build({ root, audiences: ["beta"], timeoutMs: 60000 });
  console.log("pdf ms", Date.now() - t, r2.exitCode, r2.diagnostics.map((d) => d.message).slice(0, 5), process.memoryUsage().rss >> 20);
}, 600000);
