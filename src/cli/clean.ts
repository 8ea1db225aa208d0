import { clearCache, CACHE_DIR } from "../pipeline/cache.js";
import { parse } from "./args.js";
import { usage, type Io } from "./io.js";

/** `brief clean`: remove the build cache (.cache/brief); the next build renders every edition again. */
export async function cleanCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, {});
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const existed = await clearCache(process.cwd());
  io.out(existed ? `removed the build cache (${CACHE_DIR})\n` : `no build cache to remove (${CACHE_DIR})\n`);
  return 0;
}
