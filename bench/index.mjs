#!/usr/bin/env node
// npm run bench -- <name>: runs one bench (after npm run build); each starts and stops what it needs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './processes.mjs';

const benches = {
  seed: ['node', ['bench/seed-million.mjs'], 'make (again) the 1M-post bench database'],
  read: ['node', ['bench/read-path.mjs'], 'thread page and thread list at 1M posts beside raw pg (issue 9, target 1)'],
  fanout: ['node', ['bench/fanout-members.mjs'], '1,000 members, each with their own socket, beside bare socket.io (issue 9, target 2)'],
  single: ['bash', ['bench/run.sh', 'single'], 'fan-out (200 sockets) and small read bench, one process on the embedded PostgreSQL'],
  cluster: ['bash', ['bench/run.sh', 'cluster'], 'the same on two processes + PostgreSQL + Redis'],
};
const name = process.argv[2];
if (!benches[name]) {
  console.error(`usage: npm run bench -- <name>\n${Object.entries(benches).map(([n, [, , what]]) => `  ${n.padEnd(8)} ${what}`).join('\n')}`);
  process.exit(2);
}
const [command, args] = benches[name];
const { status } = spawnSync(command === 'node' ? process.execPath : command, args.map((a) => (a.startsWith('bench/') ? path.join(ROOT, a) : a)), { stdio: 'inherit', cwd: ROOT });
process.exit(status ?? 1);
