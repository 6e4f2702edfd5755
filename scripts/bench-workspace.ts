/**
 * Workspace-scan benchmark: generates a workspace of 10,000 prompt files (plus ignored and
 * non-prompt files), then times the language server's scanner on it — cold, warm (everything
 * cached), and with every file re-analysed — and measures event-loop delay and memory.
 *
 *   node --expose-gc --import tsx scripts/bench-workspace.ts [--files N] [--keep] [--json]
 *
 * `--expose-gc` makes the retained-memory figure exact (it is skipped without it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_SETTINGS, analyze, pricing } from '../server/src/core';
import { parseConfig, projectSettings } from '../server/src/core/config';
import { listFiles } from '../server/src/workspace/walk';
import { nodeFileSystem } from '../server/src/node/fileSystem';
import { WorkspaceScanner, type ScanResult } from '../server/src/workspace/scanner';
import { summarize } from '../server/src/workspace/report';

export interface BenchFigures {
  promptFiles: number;
  otherFiles: number;
  promptBytes: number;
  listMs: number;
  cold: PassFigures;
  warm: PassFigures;
  reanalysed: PassFigures;
  retainedHeapMB: number | null;
  peakRssMB: number;
}

interface PassFigures {
  ms: number;
  filesPerSecond: number;
  megabytesPerSecond: number;
  reused: number;
  longestSliceMs: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayP50Ms: number;
}

const SENTENCES = [
  'You are a careful assistant for the support team.',
  'Read the customer message and answer in a friendly, concise tone.',
  'If the request concerns billing, ask for the invoice number before anything else.',
  'Never invent order numbers, prices or delivery dates.',
  'Return JSON with the keys "category", "priority" and "reply".',
  'Summarise the conversation in at most three bullet points.',
  'Die Antwort soll höflich und kurz sein.',
  'Réponds en français si le client écrit en français.',
  '回答は簡潔にしてください。',
  'Use the {{customer_name}} variable in the greeting.',
  '```json\n{ "category": "billing", "priority": "high" }\n```',
];

/** A deterministic pseudo-random generator, so every run builds the same workspace. */
function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function promptBody(random: () => number, sentences: number): string {
  const lines: string[] = [];
  for (let i = 0; i < sentences; i++) {
    if (random() < 0.12) lines.push(`\n## Section ${i}\n`);
    lines.push(SENTENCES[Math.floor(random() * SENTENCES.length)]);
  }
  return lines.join(random() < 0.5 ? '\n' : ' ');
}

/** Writes the workspace; returns the number of prompt files, other files and prompt bytes. */
export function generateWorkspace(root: string, promptCount: number): { prompts: number; others: number; bytes: number } {
  const random = generator(42);
  let bytes = 0;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'tokenwise.config.json',
    JSON.stringify({
      defaultModel: 'gpt-4o',
      callsPerDay: 1000,
      budget: { tokens: 1500 },
      alwaysOnContext: 'auto',
      promptFiles: ['prompts/**/*.md'],
      overrides: [
        { files: 'team-0*/**', callsPerDay: 20000, budget: { tokens: 800 } },
        { files: '*.prompty', applyAlwaysOnContext: false },
      ],
    }),
  );
  write('AGENTS.md', `# Agents\n\n${promptBody(random, 30)}`);
  write('.github/copilot-instructions.md', promptBody(random, 10));
  write('.gitignore', 'generated/\n*.log\n');
  const kinds = ['.prompt.md', '.prompty', '.prompt', '.instructions.md', '.md'];
  for (let i = 0; i < promptCount; i++) {
    const team = `team-${String(Math.floor(i / 500)).padStart(2, '0')}`;
    const folder = `${team}/area-${Math.floor((i % 500) / 50)}`;
    const kind = kinds[i % kinds.length];
    const sentences = 4 + Math.floor(random() * random() * 120); // mostly short, a long tail up to ~8 KB
    let text: string;
    let path: string;
    if (kind === '.prompty') {
      text = `---\nname: p${i}\nmodel:\n  api: chat\n  configuration:\n    name: gpt-4o-mini\n---\nsystem:\n${promptBody(random, sentences)}\n\nuser:\n{{question}}\n`;
      path = `${folder}/p${i}${kind}`;
    } else if (kind === '.prompt') {
      text = `---\nmodel: googleai/gemini-2.0-flash\n---\n{{role "system"}}\n${promptBody(random, sentences)}\n{{role "user"}}\n{{question}}\n`;
      path = `${folder}/p${i}${kind}`;
    } else if (kind === '.instructions.md') {
      text = `---\napplyTo: '**/*.ts'\n---\n${promptBody(random, sentences)}\n`;
      path = `${folder}/p${i}${kind}`;
    } else if (kind === '.md') {
      text = promptBody(random, sentences);
      path = `prompts/${folder}/p${i}${kind}`;
    } else {
      text = `---\nmodel: gpt-4o\ntokenwise:\n  budget: ${500 + Math.floor(random() * 2000)}\n---\n${promptBody(random, sentences)}\n`;
      path = `${folder}/p${i}${kind}`;
    }
    bytes += Buffer.byteLength(text);
    write(path, text);
  }
  // Files the scan must skip: ignored, dependencies, and plain sources next to the prompts.
  for (let i = 0; i < 2000; i++) write(`generated/out-${i % 20}/g${i}.prompt.md`, 'ignored by .gitignore');
  for (let i = 0; i < 1000; i++) write(`node_modules/pkg-${i % 10}/x${i}.prompt.md`, 'never scanned');
  for (let i = 0; i < 5000; i++) write(`src/module-${i % 50}/file${i}.ts`, `export const value${i} = ${i};\n`);
  return { prompts: promptCount, others: 8000, bytes };
}

async function timedPass(scanner: WorkspaceScanner, input: Parameters<WorkspaceScanner['scan']>[0], bytes: number): Promise<{ figures: PassFigures; result: ScanResult }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const result = await scanner.scan(input);
  const ms = performance.now() - started;
  delay.disable();
  return {
    result,
    figures: {
      ms,
      filesPerSecond: result.files.length / (ms / 1000),
      megabytesPerSecond: bytes / 1024 / 1024 / (ms / 1000),
      reused: result.reused,
      longestSliceMs: result.longestSliceMs,
      eventLoopDelayMaxMs: delay.max / 1e6,
      eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
      eventLoopDelayP50Ms: delay.percentile(50) / 1e6,
    },
  };
}

export async function runWorkspaceBench(options: { files?: number; keep?: boolean } = {}): Promise<BenchFigures> {
  const count = options.files ?? 10_000;
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-bench-'));
  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  try {
    const generated = generateWorkspace(root, count);
    // Load the tokenizers first, so "cold" measures the scan and not module loading.
    analyze('warm up', { path: 'a.prompt.md', settings: DEFAULT_SETTINGS });
    const listStarted = performance.now();
    const listed = await listFiles(nodeFileSystem, root);
    const listMs = performance.now() - listStarted;
    const { config, problems } = parseConfig(readFileSync(join(root, 'tokenwise.config.json'), 'utf8'));
    if (problems.length > 0) throw new Error(`bench config has problems: ${problems.map((problem) => problem.message).join('; ')}`);
    // Priced with the bundled catalog, as the language server does.
    const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: projectSettings(DEFAULT_SETTINGS, config).models });
    const input = { folder: root, config, settings: DEFAULT_SETTINGS, catalog };
    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const scanner = new WorkspaceScanner(nodeFileSystem);
    const cold = await timedPass(scanner, input, generated.bytes);
    sampleRss();
    if (cold.result.files.length !== count) throw new Error(`expected ${count} prompt files, scanned ${cold.result.files.length} (listed ${listed.length})`);
    const warm = await timedPass(scanner, input, generated.bytes);
    sampleRss();
    scanner.invalidateAll();
    const reanalysed = await timedPass(scanner, input, generated.bytes);
    sampleRss();
    const summary = summarize(reanalysed.result.files);
    let retainedHeapMB: number | null = null;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      retainedHeapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    }
    // Keep the results alive until the retained figure is taken.
    if (summary.files !== count) throw new Error('summary mismatch');
    return {
      promptFiles: count,
      otherFiles: generated.others + listed.length - count - 3,
      promptBytes: generated.bytes,
      listMs,
      cold: cold.figures,
      warm: warm.figures,
      reanalysed: reanalysed.figures,
      retainedHeapMB,
      peakRssMB: peakRss / 1024 / 1024,
    };
  } finally {
    if (options.keep) console.log(`workspace kept at ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

function printFigures(figures: BenchFigures): void {
  const pass = (name: string, value: PassFigures) =>
    `${name.padEnd(12)} ${value.ms.toFixed(0).padStart(7)} ms  ${value.filesPerSecond.toFixed(0).padStart(7)} files/s  ${value.megabytesPerSecond.toFixed(1).padStart(6)} MB/s  reused ${String(value.reused).padStart(6)}  longest slice ${value.longestSliceMs.toFixed(1).padStart(5)} ms  event-loop delay p50 ${value.eventLoopDelayP50Ms.toFixed(1)} / p99 ${value.eventLoopDelayP99Ms.toFixed(1)} / max ${value.eventLoopDelayMaxMs.toFixed(1)} ms`;
  console.log(`Workspace scan: ${figures.promptFiles.toLocaleString('en-US')} prompt files (${(figures.promptBytes / 1024 / 1024).toFixed(1)} MB), node ${process.version}`);
  console.log(`listing      ${figures.listMs.toFixed(0).padStart(7)} ms  (.gitignore, node_modules and 8,000 other files skipped or filtered)`);
  console.log(pass('cold scan', figures.cold));
  console.log(pass('warm rescan', figures.warm));
  console.log(pass('re-analysed', figures.reanalysed));
  console.log(`memory       retained by results ${figures.retainedHeapMB === null ? 'n/a (run with --expose-gc)' : `${figures.retainedHeapMB.toFixed(1)} MB`}, peak RSS ${figures.peakRssMB.toFixed(0)} MB`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const filesArg = args.indexOf('--files');
  const files = filesArg >= 0 ? Number(args[filesArg + 1]) : 10_000;
  runWorkspaceBench({ files, keep: args.includes('--keep') })
    .then((figures) => (args.includes('--json') ? console.log(JSON.stringify(figures, null, 2)) : printFigures(figures)))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
