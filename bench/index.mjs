#!/usr/bin/env node
// npm run bench -- <name>: runs one bench (after npm run build); each starts and stops what it needs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './processes.mjs';

const benches = {
  seed: ['node', ['bench/seed-million.mjs'], 'make (again) the 1M-post bench database'],
  read: ['node', ['bench/read-path.mjs'], 'thread page and thread list at 1M posts beside raw pg (issue 9, target 1)'],
  search: ['node', ['bench/search.mjs'], 'rare word, common word ranked and type-ahead prefix at 1M posts beside raw pg (issue 9, target 5)'],
  fanout: ['node', ['bench/fanout-members.mjs'], '1,000 members, each with their own socket, beside bare socket.io (issue 9, target 2)'],
  'fanout-cluster': ['node', ['bench/fanout-members.mjs', 'cluster'], 'the fan-out on one node, then sockets on node B and posts through A over Redis (issue 9, target 4)'],
  'fanout-ramp': ['node', ['bench/fanout-members.mjs', 'ramp'], 'the fan-out at rising RATES to the saturation point, beside bare socket.io (issue 9, target 2)'],
  connections: ['node', ['bench/connections.mjs'], '10,000 authenticated idle sockets on one API process: heap per connection beside bare socket.io, RSS, idle CPU (issue 9, target 3)'],
  single: ['bash', ['bench/run.sh', 'single'], 'fan-out (200 sockets) and small read bench, one process on the embedded PostgreSQL'],
  cluster: ['bash', ['bench/run.sh', 'cluster'], 'the same on two processes + PostgreSQL + Redis'],
};
const name = process.argv[2];
if (!benches[name]) {
  console.error(`usage: npm run bench -- <name>\n${Object.entries(benches).map(([n, [, , what]]) => `  ${n.padEnd(Math.max(...Object.keys(benches).map((k) => k.length)))} ${what}`).join('\n')}`);
  process.exit(2);
}
const [command, args] = benches[name];
const { status } = spawnSync(command === 'node' ? process.execPath : command, args.map((a) => (a.startsWith('bench/') ? path.join(ROOT, a) : a)), { stdio: 'inherit', cwd: ROOT });
process.exit(status ?? 1);
