/**
 * css-tree's own entry points for its parser, walker and generator (src/lib/css.ts): the same functions as the
 * package's main entry, which @types/css-tree describes, without the lexer and its syntax data.
 */
declare module "css-tree/parser" {
  const parse: typeof import("css-tree").parse;
  export default parse;
}
declare module "css-tree/walker" {
  const walk: typeof import("css-tree").walk;
  export default walk;
}
declare module "css-tree/generator" {
  const generate: typeof import("css-tree").generate;
  export default generate;
}
