// One timed process for `make bench` (scripts/bench.mjs): spawn to exit,
// with what its process tree used, read from /proc while it runs.
//
// One sampler reads every process's /proc/<pid>/stat each 25 ms: the
// parent links give the tree, the command name tells Chromium from Node,
// and utime + stime give each process's CPU time (the last value seen per
// process; what a process spends in its last 25 ms may be missed, for
// the floor as for the build). Every 4th tick it also sums the tree's PSS
// (proportional set size: pages that Chromium's processes share count
// once), for the peak memory.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

const TICK = 100; // clock ticks per second in /proc (USER_HZ)

/** Every process now: pid → { ppid, comm, cpu (s) }. */
function processes() {
  const all = new Map();
  for (const n of readdirSync("/proc")) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = readFileSync(`/proc/${n}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      all.set(Number(n), { ppid: Number(f[1]), comm, cpu: (Number(f[11]) + Number(f[12])) / TICK });
    } catch {
      // gone
    }
  }
  return all;
}

/** The pids of `root` and its descendants in `all`. */
function tree(all, root) {
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of all)
      if (!inTree.has(pid) && inTree.has(p.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  return [...inTree].filter((pid) => all.has(pid));
}

function pss(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The machine's busy and total CPU ticks so far, over all cores (/proc/stat). */
function cpuTicks() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
}

/**
 * Run `node args` in `cwd` to completion. Resolves with: wall `ms`, `cpu`
 * seconds of the whole tree and of its Chromium processes (`chromiumCpu`),
 * `peak` PSS bytes, `busyCores` (the machine's, mean over the run),
 * whether Chromium ran, stdout, stderr and `exitedAt` (epoch ms). A
 * non-zero exit rejects unless `allowFail`.
 */
export function run(args, cwd, { env = process.env, allowFail = false, command = process.execPath } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpu0 = cpuTicks();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    let peak = 0;
    let tick = 0;
    const seen = new Map(); // pid → { comm, cpu }
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => (stdout += d));
    const sample = () => {
      const all = processes();
      const pids = tree(all, child.pid);
      for (const pid of pids) {
        const p = all.get(pid);
        seen.set(pid, { comm: p.comm, cpu: p.cpu });
      }
      if (tick++ % 4 === 0)
        peak = Math.max(
          peak,
          pids.reduce((sum, pid) => sum + pss(pid), 0),
        );
    };
    const sampler = setInterval(sample, 25);
    child.on("error", (e) => {
      clearInterval(sampler);
      reject(e);
    });
    child.on("exit", (code) => {
      clearInterval(sampler);
      const ms = performance.now() - started;
      const cpu1 = cpuTicks();
      const busyCores = ((cpu1.busy - cpu0.busy) / Math.max(1, cpu1.total - cpu0.total)) * os.cpus().length;
      const procs = [...seen.values()];
      const chromiumProcs = procs.filter((p) => /chrom/i.test(p.comm));
      const sum = (ps) => ps.reduce((a, p) => a + p.cpu, 0);
      const result = {
        ms,
        cpu: sum(procs),
        chromiumCpu: sum(chromiumProcs),
        chromium: chromiumProcs.length > 0,
        peak,
        busyCores,
        stdout,
        stderr,
        exitedAt: Date.now(),
      };
      if (code !== 0 && !allowFail) reject(new Error(`${args.join(" ")} exited ${code}\n${stderr.slice(-2000)}`));
      else resolve(result);
    });
  });
}
