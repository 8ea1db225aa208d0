import { plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
const good = `@article{smith2024,
  author = {Smith, Jane and Jones, Anna},
  title = {Open weights and the cost of inference},
  journal = {Journal of AI Policy},
  year = {2024}, volume = {12}, number = {3}, pages = {45--67},
  doi = {10.1234/jaip.2024.003}
}
@online{web, author={{DeepSeek}}, title={Model card}, url={https://example.org/card}, urldate={2025-02-01}}
`;
const bad = good + `\n@article{broken,\n  title = {Unclosed,\n  year = 2020\n}\n`;
const p = plugins.input;
console.log(Object.keys(plugins.input.get ? {} : {}));
for (const text of [good, bad, "@article{x, title = {A}, year = 2020,, }", "@article{x title = {A}}"]) {
  try {
    const data = plugins.input.chain(text, { forceType: "@biblatex/text", generateGraph: false });
    console.log(JSON.stringify(data).slice(0, 900));
  } catch (e) { console.log("ERR", e.message, Object.keys(e)); }
}
