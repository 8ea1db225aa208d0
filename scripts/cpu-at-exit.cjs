// Preloaded by scripts/profile-build.mjs (`node --require`): at exit, write
// this process's CPU seconds, read per thread from /proc/self/task, to the
// file named by BRIEF_CPU_OUT as JSON { main, workers } (user + system; the
// main thread is the one whose id is the process id; the process's own
// figure, which includes threads that ended, less it is the workers: V8's
// compiler and GC workers, libuv's pool and the profiler's own thread).
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");

const TICK = 100; // USER_HZ
process.on("exit", () => {
  const out = process.env.BRIEF_CPU_OUT;
  if (!out) return;
  const cpu = (file) => {
    const stat = readFileSync(file, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / TICK;
  };
  // The process's own figure includes threads that have already ended.
  const total = cpu("/proc/self/stat");
  const main = cpu(`/proc/self/task/${process.pid}/stat`);
  writeFileSync(out, JSON.stringify({ main, workers: total - main }));
});
