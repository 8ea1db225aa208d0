/** The part of citation-js (npm `@citation-js/core` 0.7, untyped; Node ≥16) the pipeline calls: one input chain. */
declare module "@citation-js/core" {
  interface ChainOptions {
    forceType?: string;
    generateGraph?: boolean;
    maxChainLength?: number;
    strict?: boolean;
    target?: string;
  }
  export const plugins: {
    input: { chain(data: string, options: ChainOptions): Record<string, unknown>[] };
  };
}
