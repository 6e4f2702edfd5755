import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { freezeInputs } from './test/bench/freezeInputs';
const which = Number(process.argv[2]);
const workspace = process.argv[3] === 'ws';
const dir = '/tmp/fzprof/ws'; rmSync('/tmp/fzprof', { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
for (const i of freezeInputs()) writeFileSync(`${dir}/${i.file}`, i.bytes);
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/fzprof/out', 'dist/server.js', '--stdio'], { stdio: 'pipe' });
const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
c.onRequest('workspace/configuration', (p: any) => p.items.map(() => null));
c.onRequest('client/registerCapability', () => null);
c.onRequest('window/workDoneProgress/create', () => null);
c.onNotification(() => undefined);
c.listen();
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
(async () => {
  await c.sendRequest('initialize', { processId: process.pid, rootUri: workspace ? pathToFileURL(dir).href : null, workspaceFolders: workspace ? [{ uri: pathToFileURL(dir).href, name: 'x' }] : null, capabilities: { workspace: { configuration: true } } });
  await c.sendNotification('initialized', {});
  await delay(1000);
  if (workspace) { c.sendRequest('tokenwise/workspaceBudget', {}).catch(() => 0); await delay(12000); }
  else {
    const input = freezeInputs()[which];
    const uri = pathToFileURL(`/tmp/fzprof/${input.file}`).href;
    let text = input.bytes.toString('utf8');
    await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    let version = 1;
    for (let k = 0; k < 12; k++) { version++; await c.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 4, character: 100 + k }, end: { line: 4, character: 100 + k } }, text: 'a' }] }); await delay(k % 6 === 5 ? 500 : 40); }
    await delay(3000);
  }
  await c.sendRequest('shutdown'); await c.sendNotification('exit');
  await delay(1500);
  process.exit(0);
})();
