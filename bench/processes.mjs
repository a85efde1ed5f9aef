// Starting and stopping what a bench measures: API processes from the build, baselines, load generators.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const API_MAIN = path.join(ROOT, 'apps/api/dist/main.js');
/** Node arguments that let a bench ask a server (started with IPC) for its heap after a full GC: bench/load/heap-probe.mjs. */
export const HEAP_PROBE_ARGS = ['--expose-gc', '--import', pathToFileURL(path.join(ROOT, 'bench/load/heap-probe.mjs')).href];

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident and peak memory of a process, from /proc (MiB). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024);
  // RSS is anonymous memory (heap, native allocations) plus mapped files (the node binary's code, shared libraries).
  return { rssMiB: field('VmRSS'), peakMiB: field('VmHWM'), anonMiB: field('RssAnon'), fileMiB: field('RssFile') };
}

/** User + system CPU seconds a process has used so far, from /proc (clock ticks of 1/100 s on Linux). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Spawns a node script (with an IPC channel if `ipc`); its output is kept (last 200 kB) for the error message if it fails. */
export function startNode(script, { args = [], env = {}, nodeArgs = [], ipc = false } = {}) {
  const stdio = ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])];
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, ...env }, stdio });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, pid: child.pid, output: () => output, exited, ask: (message) => ask(child, message, () => output) };
}

/** Sends a message over IPC and answers the next one back (an `{error}` answer or an exit throws). */
function ask(child, message, output) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`process exited (${code}) before answering:\n${output()}`));
    child.once('exit', onExit);
    child.once('message', (answer) => {
      child.off('exit', onExit);
      if (answer?.error) reject(new Error(answer.error));
      else resolve(answer);
    });
    child.send(message);
  });
}

async function waitForReady(url, proc, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`process exited before it was ready:\n${proc.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms:\n${proc.output()}`);
    await sleep(200);
  }
}

/**
 * One API process from the build (`npm run build` first) on a free port, with the bench's sign-in
 * and posting limits lifted (nothing else changed), logs at warn. Answers { url, pid, stop() };
 * with `ipc`, the process gets an IPC channel and the answer an `ask` (for a preloaded probe).
 */
export async function startApi({ env = {}, nodeArgs = [], ipc = false } = {}) {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'praxis-bench-'));
  const proc = startNode(API_MAIN, {
    nodeArgs,
    ipc,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      RATE_LIMIT_LOGIN_PER_IP: '100000/1m',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '100000/1m',
      RATE_LIMIT_THREADS_PER_USER: '100000/1m',
      RATE_LIMIT_POSTS_PER_USER: '100000/1m',
      DIGEST_INTERVAL_MS: '0',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(`${url}/api/ready`, proc);
  return {
    url,
    pid: proc.pid,
    output: proc.output,
    ...(ipc ? { ask: proc.ask } : {}),
    async stop() {
      if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
      await proc.exited;
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A bench helper server (a baseline) that prints `listening <port>` once it serves; `ask` talks to it
 * over IPC. `nodeArgs` go before the script (e.g. the heap probe of bench/connections.mjs).
 */
export async function startHelper(script, env = {}, { nodeArgs = [] } = {}) {
  const proc = startNode(script, { env, ipc: true, nodeArgs });
  const deadline = Date.now() + 30_000;
  let port;
  while (!(port = /listening (\d+)/.exec(proc.output())?.[1])) {
    if (proc.child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${proc.output()}`);
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid,
    output: proc.output,
    ask: proc.ask,
    async stop() {
      if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

/**
 * PROFILE=1 for a bench: node arguments that make the API write a CPU profile when it exits, and the
 * summary of that profile (the top functions by self time, and the time per package); null when off.
 */
export function profiling(on) {
  const dir = on ? mkdtempSync(path.join(os.tmpdir(), 'praxis-prof-')) : null;
  return { nodeArgs: dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [], summary: () => (dir ? topFunctions(dir) : null) };
}

/** The functions that took most CPU (self time) in a profile written by --cpu-prof, with where they live. */
function topFunctions(dir) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return null;
  const prof = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const self = new Map();
  const total = prof.samples.length;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const id of prof.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of counts) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/apps\/api\//, 'api/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n);
  }
  const byPackage = new Map();
  for (const [key, n] of self) {
    const where = key.split(' ')[1] ?? '';
    const pkg = where.startsWith('api/') ? 'praxis api' : where.startsWith('node:') || !where.includes('/') ? 'node internals / native' : where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  }
  const pct = (n) => `${((100 * n) / total).toFixed(1)}%`;
  return {
    samples: total,
    topFunctions: [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, n]) => `${pct(n)} ${k}`),
    byPackage: [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, n]) => `${pct(n)} ${k}`),
  };
}
