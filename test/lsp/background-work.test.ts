import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_SETTINGS, detectFormat } from '../../server/src/core';
import type { WorkerRequest, WorkerResponse } from '../../server/src/node/analysisWorker';
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

test('the advice worker runs below the priority of the thread that answers requests (Linux)', async (context) => {
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
  const before = threads();
  if (!before) {
    context.skip('no /proc here: thread priorities are left as they are');
    return;
  }
  const worker = new Worker(resolve(__dirname, '../../dist/analysisWorker.js'));
  try {
    const path = '/w/a.prompt.md';
    const job = { uri: 'file:///w/a.prompt.md', version: 1, text: '---\nmodel: gpt-4o\n---\nPlease make sure that you write clearly.', path, format: detectFormat(path, DEFAULT_SETTINGS.promptFiles) ?? 'text', settings: DEFAULT_SETTINGS };
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
