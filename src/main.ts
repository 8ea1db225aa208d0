import { main } from "./cli/index.js";

/** Process entry point: run the CLI and exit with its code. */
process.exitCode = await main(process.argv.slice(2));
