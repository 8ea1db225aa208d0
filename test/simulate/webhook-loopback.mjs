// Preloaded into the CLI by the workflow simulation (NODE_OPTIONS=--import):
// the simulated webhook host resolves to the local receiver, and only that
// loopback address is allowed. It replaces the real poster's address seam
// (src/distribute/webhook-guard.ts, ADDRESS_SEAM_KEY); not a product option.
import { lookup } from "node:dns";

/** The host name the simulation's distribution.yaml uses for its webhook. */
const SIMULATED_HOOK_HOST = "hooks.simulate.example.org";

globalThis[Symbol.for("brief.webhook-address-seam")] = {
  policy: (ip) => ip === "127.0.0.1",
  resolve: (host, options, callback) =>
    host === SIMULATED_HOOK_HOST
      ? callback(null, [{ address: "127.0.0.1", family: 4 }])
      : lookup(host, options, callback),
};
