/** The port `brief preview` tries first (a free one is used when it is taken). Its own module, so `brief --help` does not load the preview. */
export const DEFAULT_PORT = 4173;
