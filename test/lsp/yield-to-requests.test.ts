import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createRequestGuard } from '../../server/src/lsp/requestGuard';
import { yieldToRequests } from '../../server/src/lsp/yieldToRequests';

/** A server-side JSON-RPC connection with one guarded request, fed raw bytes as a pipe would feed it. */
function serverConnection() {
  const input = new PassThrough();
  const output = new PassThrough();
  const answered: number[] = [];
  output.on('data', (chunk: Buffer) => {
    for (const match of chunk.toString('utf8').matchAll(/"id":(\d+)/g)) answered.push(Number(match[1]));
  });
  const connection = createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const guard = createRequestGuard(() => undefined);
  connection.onRequest('stats', guard('stats', () => ({ tokens: 1 }), null));
  connection.listen();
  const send = (ids: number[]) => {
    const bytes = ids.map((id) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'stats', params: {} });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    });
    input.write(bytes.join(''));
  };
  return { connection, answered, send, output };
}

/** Holds the thread as a slice of a first count does, so the event loop's clock falls behind. */
function sliceOfWork(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('the pause after a slice of work answers every request that arrived during it', async () => {
  const { connection, answered, send } = serverConnection();
  try {
    sliceOfWork(30);
    // Five status-bar requests reached the pipe while the slice ran.
    send([1, 2, 3, 4, 5]);
    // A bound no busy machine reaches: the pause must end because the queue is empty.
    await yieldToRequests(60_000);
    assert.deepEqual(answered, [1, 2, 3, 4, 5]);
  } finally {
    connection.dispose();
  }
});

test('a pause ends when requests never stop coming', async () => {
  const { connection, answered, send, output } = serverConnection();
  let sent = 0;
  // Every answer brings a new request, as a client that asks again at once would.
  output.on('data', () => send([++sent]));
  try {
    send([++sent]);
    await yieldToRequests(10);
    // It returned with a request still waiting: bounded by time, not by a quiet loop.
    assert.ok(sent > answered.length);
  } finally {
    output.removeAllListeners('data');
    connection.dispose();
  }
});

test('long works that pause at the same time take turns: one slice per turn of the event loop', async () => {
  let turn = 0;
  let counting = true;
  const countTurns = () => {
    turn++;
    if (counting) setImmediate(countTurns);
  };
  setImmediate(countTurns);
  const sliceTurns: number[] = [];
  // Three kinds of long work (a vocabulary, a first count, a workspace scan), five slices each.
  const work = async () => {
    for (let slice = 0; slice < 5; slice++) {
      sliceTurns.push(turn);
      await yieldToRequests();
    }
  };
  await Promise.all([work(), work(), work()]);
  counting = false;
  // The first slices ran before any pause; every later one had a turn to itself.
  const afterPauses = sliceTurns.slice(3);
  assert.equal(afterPauses.length, 12);
  assert.equal(new Set(afterPauses).size, afterPauses.length, `turns of the slices: ${sliceTurns.join(', ')}`);
});
