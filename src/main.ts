import { start } from "./cli/start.js";

/** Process entry point when run unbundled (`node dist/main.js`): run the CLI and exit with its code. */
process.exitCode = await start(process.argv.slice(2));
