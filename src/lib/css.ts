import parse from "css-tree/parser";
import walk from "css-tree/walker";
import generate from "css-tree/generator";

/**
 * CSS parsing for the pipeline: css-tree's parser, walker and generator,
 * each from its own entry point. The package's main entry also builds its
 * lexer from the CSS syntax data (mdn-data) when loaded, which the pipeline
 * never uses (it reads stylesheets' structure and URLs, not whether values
 * are valid) and which was about half of the 0.15 s that loading css-tree cost
 * every build. The parse is the same: the main entry's parser is made from
 * the same configuration. These entry points read no files beside their
 * code, so they are bundled into dist/bundle/ and start from its code cache.
 */
export { generate, parse, walk };
export type { CssNode } from "css-tree";
