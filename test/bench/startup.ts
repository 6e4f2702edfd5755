/**
 * Only the start-up figure of `npm run bench` (issue 13): spawn → initialize with a 300-prompt
 * workspace folder → first `tokenwise/documentStats`, slowest of five starts (after one on an
 * empty code cache). Load on a shared machine moves it by 100 ms and more, so builds are compared
 * in the same minutes: every server given as an argument (another build's dist/server.js, e.g. a
 * copy of main's dist) is measured in turn with this one, `STARTUP_RUNS` rounds (default 3),
 * the order alternating per round, and every run is printed. `npm run build` first.
 * `STARTUP_BUSY=2` keeps two processes spinning on the CPU during each round (a busy machine).
 *
 *   node --import tsx test/bench/startup.ts [/path/to/other/dist/server.js ...]
 */
import { resolve } from 'node:path';
import { loadNote, startWithWorkspace } from './honest';

async function main(): Promise<void> {
  const servers = [resolve(__dirname, '../../dist/server.js'), ...process.argv.slice(2).map((path) => resolve(path))];
  const rounds = Number(process.env.STARTUP_RUNS ?? 3);
  const busy = Number(process.env.STARTUP_BUSY ?? 0);
  const slowest = new Map<string, number[]>(servers.map((server) => [server, []]));
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? servers : [...servers].reverse();
    for (const server of order) {
      console.log(`round ${round} of ${rounds}: ${server} (${loadNote()})`);
      slowest.get(server)!.push(await startWithWorkspace((name, value, target, pass) => console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${value} (target ${target})`), server, busy));
    }
  }
  for (const [server, values] of slowest) console.log(`${server}: slowest of five per round ${values.map((value) => value.toFixed(0)).join(', ')} ms`);
}

// Like main.ts, it sometimes stayed alive after printing everything, with no active handle left
// (session 11, 3 of 6 runs of six or eight rounds); every figure is printed by then, so it ends here.
void main().then(() => process.exit(0));
