import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_SETTINGS, detectFormat } from '../../server/src/core';
import type { WorkerData, WorkerRequest, WorkerResponse } from '../../server/src/node/analysisWorker';
import { createWorkerOffload } from '../../server/src/node/offload';
import type { OffloadJob } from '../../server/src/lsp/offload';
import { createRequestGuard, lastClientActivity, noteClientActivity } from '../../server/src/lsp/requestGuard';
import { fillWhenQuiet } from '../../server/src/lsp/vocabularies';
import { whenQuiet } from '../../server/src/lsp/yieldToRequests';

// Work nobody waits on runs only while the client is quiet, and the advice worker gives way to
// the thread that answers keystrokes (issue 13: the 100 KB round trip's tail).

test('whenQuiet resolves only once no request or edit has come for the time asked', async () => {
  const guard = createRequestGuard(() => undefined);
  const stats = guard('stats', () => 1, 0);
  await stats({});
  // A keystroke and a request arrive while the caller waits.
  const keystroke = setTimeout(() => noteClientActivity(), 20);
  const request = setTimeout(() => void stats({}), 40);
  try {
    await whenQuiet(80);
    assert.ok(performance.now() - lastClientActivity() >= 80, `resolved ${(performance.now() - lastClientActivity()).toFixed(1)} ms after the last activity`);
  } finally {
    clearTimeout(keystroke);
    clearTimeout(request);
  }
});

test('the rest of a vocabulary loads only while the client is quiet, and typing pauses it', async () => {
  const slices: Array<{ at: number; quietFor: number }> = [];
  const vocabulary = {
    complete: false,
    fillSlice() {
      slices.push({ at: performance.now(), quietFor: performance.now() - lastClientActivity() });
      // Each step outlasts a slice (3 ms), so each slice is one step.
      for (const end = performance.now() + 5; performance.now() < end; );
      // A keystroke reaches the server while the first slice runs: it is handled right after it.
      if (slices.length === 1) setImmediate(noteClientActivity);
      vocabulary.complete = slices.length === 3;
      return vocabulary.complete;
    },
  };
  noteClientActivity();
  await fillWhenQuiet(vocabulary);
  assert.equal(slices.length, 3);
  assert.ok(slices[0]!.quietFor >= 300, `the first slice ran ${slices[0]!.quietFor.toFixed(1)} ms after the last edit`);
  // The keystroke during the first slice held the second one back for a whole quiet period.
  assert.ok(slices[1]!.quietFor >= 300, `the slice after a keystroke ran ${slices[1]!.quietFor.toFixed(1)} ms after it`);
});

/** Each thread of this process with its nice value, or null without /proc. */
const threads = () => {
  try {
    return readdirSync('/proc/self/task').map((id) => {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      // Fields after the command name; the nice value is field 19 of the line.
      return { id: Number(id), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
    });
  } catch {
    return null;
  }
};

test('the advice worker runs below the priority of the thread that answers requests (Linux)', async (context) => {
  const before = threads();
  if (!before) {
    context.skip('no /proc here: thread priorities are left as they are');
    return;
  }
  const worker = startWorker();
  try {
    const job = promptJob('---\nmodel: gpt-4o\n---\nPlease make sure that you write clearly.');
    const answered = new Promise<WorkerResponse>((done) => worker.once('message', done));
    worker.postMessage({ id: 1, kind: 'advise', job } satisfies WorkerRequest);
    const response = await answered;
    assert.ok(Array.isArray(response.result), `the worker answered the job: ${response.error ?? ''}`);
    const after = threads()!;
    const known = new Set(before.map((thread) => thread.id));
    const lowered = after.filter((thread) => !known.has(thread.id) && thread.nice === 10);
    assert.equal(lowered.length, 1, `new threads: ${JSON.stringify(after.filter((thread) => !known.has(thread.id)))}`);
    assert.equal(after.find((thread) => thread.id === process.pid)?.nice, before.find((thread) => thread.id === process.pid)?.nice, 'the main thread kept its priority');
  } finally {
    await worker.terminate();
  }
});

const WORKER_SCRIPT = resolve(__dirname, '../../dist/analysisWorker.js');

function startWorker(superseded = new Int32Array(new SharedArrayBuffer(4))): Worker {
  return new Worker(WORKER_SCRIPT, { workerData: { superseded } satisfies WorkerData });
}

function promptJob(text: string, version = 1): OffloadJob {
  const path = '/w/a.prompt.md';
  return { uri: 'file:///w/a.prompt.md', version, text, path, format: detectFormat(path, DEFAULT_SETTINGS.promptFiles) ?? 'text', encoding: 'o200k_base', settings: DEFAULT_SETTINGS };
}

/** A wordy prompt of about `characters` characters, so the rules have work on every line. */
const wordyPrompt = (characters: number) => `---\nmodel: gpt-4o\n---\n${'Please make sure that you always write in a clear way, in order to help the reader.\n'.repeat(Math.ceil(characters / 84))}`;

test('a superseded job stops at its first checkpoint, and the worker answers the next job in full', async () => {
  const superseded = new Int32Array(new SharedArrayBuffer(4));
  const worker = startWorker(superseded);
  try {
    const answers: WorkerResponse[] = [];
    const twoAnswers = new Promise<void>((done) => worker.on('message', (response: WorkerResponse) => answers.push(response) === 2 && done()));
    // Superseded before it starts: the worker sees it at the first checkpoint, whatever the timing.
    Atomics.store(superseded, 0, 1);
    worker.postMessage({ id: 1, kind: 'advise', job: promptJob(wordyPrompt(20_000)) } satisfies WorkerRequest);
    worker.postMessage({ id: 2, kind: 'advise', job: promptJob(wordyPrompt(20_000) + 'In order to help.\n', 2) } satisfies WorkerRequest);
    await twoAnswers;
    assert.deepEqual(answers[0], { id: 1, superseded: true }, 'the first job stopped without a result or an error');
    assert.equal(answers[1]!.id, 2);
    assert.equal(answers[1]!.error, undefined);
    const advice = answers[1]!.result as Array<{ code: string }>;
    assert.ok(advice.some((diagnostic) => diagnostic.code === 'verbose-phrase'), `the second job's advice: ${advice.map((diagnostic) => diagnostic.code).join(', ')}`);
  } finally {
    await worker.terminate();
  }
});

test('the offload answers null for a document superseded while its job is queued or running', async () => {
  const logged: string[] = [];
  const offload = createWorkerOffload((message) => logged.push(message), WORKER_SCRIPT);
  // The worker does not keep a process alive (in the server the connection does): this timer does.
  const alive = setInterval(() => undefined, 1000);
  try {
    const uri = promptJob('').uri;
    // The first job runs; the others wait behind it in the queue.
    const running = offload.advise(promptJob(wordyPrompt(200_000)));
    const queued = offload.compress({ ...promptJob(wordyPrompt(5_000)), uri: `${uri}.other` });
    const replacedQueued = offload.advise({ ...promptJob(wordyPrompt(1_000)), uri: `${uri}.third` });
    offload.supersede(uri);
    offload.supersede(`${uri}.third`);
    assert.equal(await running, null, 'the running job was superseded');
    assert.equal(await replacedQueued, null, 'the queued job was dropped');
    const other = await queued;
    assert.ok(other && other.after < other.before, 'a job for another document still ran in full');
    const next = await offload.advise(promptJob(wordyPrompt(1_000), 2));
    assert.ok(Array.isArray(next) && next.length > 0, 'the worker answers a new version after a superseded one');
    assert.deepEqual(logged, [], 'a superseded job is not a failure');
    offload.close(uri);
  } finally {
    clearInterval(alive);
  }
});

test('once the offload starts its worker, every thread but the main one runs below it (Linux)', async (context) => {
  if (!threads()) {
    context.skip('no /proc here: thread priorities are left as they are');
    return;
  }
  const mainNice = threads()!.find((thread) => thread.id === process.pid)!.nice;
  const offload = createWorkerOffload(() => undefined, WORKER_SCRIPT);
  const alive = setInterval(() => undefined, 1000);
  try {
    assert.ok(Array.isArray(await offload.advise(promptJob('---\nmodel: gpt-4o\n---\nPlease make sure that you write clearly.'))));
    const after = threads()!;
    // V8's helper threads run the worker's garbage collection: they go second too.
    const others = after.filter((thread) => thread.id !== process.pid);
    assert.ok(others.length >= 2, `threads: ${JSON.stringify(after)}`);
    assert.deepEqual(others.filter((thread) => thread.nice !== 10), [], 'every helper thread was lowered');
    assert.equal(after.find((thread) => thread.id === process.pid)?.nice, mainNice, 'the main thread kept its priority');
  } finally {
    clearInterval(alive);
    offload.close('file:///w/a.prompt.md');
  }
});
