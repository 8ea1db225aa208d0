/** The part of fontkit (npm `fontkit`, untyped) the pipeline calls: which code points a font file maps to glyphs. */
declare module "fontkit" {
  interface Font {
    readonly characterSet: number[];
  }
  interface FontCollection {
    readonly fonts: Font[];
  }
  export function openSync(path: string): Font | FontCollection;
}
