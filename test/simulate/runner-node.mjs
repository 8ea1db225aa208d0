// Preloaded into every Node process of the workflow simulation (NODE_OPTIONS=--import):
// with SIM_NODE_VERSION set (World.runnerEnv), Node reports that version, as after
// a runner image update. `make runtime` (the build cache's key) and each
// edition's record read process.version, so a faked update reaches both; not a
// product option.
const version = process.env.SIM_NODE_VERSION;
if (version) Object.defineProperty(process, "version", { value: version });
