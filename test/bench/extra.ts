/** Benchmarks contributed by feature areas (compression savings, inline parsing, workspace scans). */
export type Report = (name: string, value: string, target: string, pass: boolean) => void;
export const extraBenchmarks: Array<(report: Report) => Promise<void> | void> = [];

/**
 * Inline prompts: finding (tree-sitter parse + recognition) and counting the prompts of a
 * generated 5,000-line TypeScript file, from scratch and after a one-character edit (the parse
 * reuses the previous tree and the counts reuse the token memo).
 */
extraBenchmarks.push(async (report) => {
  const { readFileSync } = await import('node:fs');
  const { performance } = await import('node:perf_hooks');
  const { DEFAULT_SETTINGS, pricing } = await import('../../server/src/core');
  const { analyzeInline, createInlinePromptFinder, GRAMMAR_FILES, InlineAnalyzer } = await import('../../server/src/core/inline');
  const loadStart = performance.now();
  const finder = await createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
    languages: ['typescript'],
  });
  const loaded = performance.now() - loadStart;
  const input = { settings: DEFAULT_SETTINGS, catalog: pricing.createModelCatalog(await pricing.loadBundledPriceData()) };
  const lines = ["import OpenAI from 'openai';", 'const client = new OpenAI();', ''];
  for (let index = 1; lines.length < 5000; index++) {
    lines.push(`export async function task${index}(input: string, retries = ${index % 5}): Promise<string> {`, '  const started = Date.now();');
    lines.push(`  const items = input.split('\\n').map((line) => line.trim()).filter(Boolean);`, `  if (items.length > ${index * 3}) console.log('long input for task ${index}');`);
    if (index % 5 === 0) {
      lines.push('  const response = await client.chat.completions.create({', "    model: 'gpt-4o-mini',", '    messages: [');
      lines.push(`      { role: 'system', content: 'You are helper number ${index}. Reply with a short, friendly answer and cite the line you used.' },`);
      lines.push('      { role: \'user\', content: `Question ${items.length}: ${input}` },', '    ],', '  });');
      lines.push('  return response.choices[0]?.message.content ?? String(Date.now() - started);');
    } else {
      lines.push("  return items.join(', ') + String(Date.now() - started);");
    }
    lines.push('}', '');
  }
  let text = lines.join('\n');
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const full: number[] = [];
  let prompts = 0;
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    prompts = analyzeInline(text, finder.find(text, 'typescript'), input).prompts.length;
    full.push(performance.now() - start);
  }
  const analyzer = new InlineAnalyzer();
  let scan = finder.find(text, 'typescript');
  analyzer.analyze(text, scan, input);
  const edits: number[] = [];
  const anchors = [...text.matchAll(/You are helper/g)].map((match) => match.index!);
  for (let i = 0; i < 60; i++) {
    // One character inside a prompt string, so the edit changes what is counted.
    const at = anchors[(i * 7) % anchors.length]! + 4 + (i % 3);
    text = text.slice(0, at) + 'x' + text.slice(at);
    for (let k = 0; k < anchors.length; k++) if (anchors[k]! > at) anchors[k]!++;
    const start = performance.now();
    scan = finder.find(text, 'typescript', scan);
    analyzer.analyze(text, scan, input);
    if (i >= 10) edits.push(performance.now() - start);
  }
  finder.dispose();
  console.log(`      5,000-line TypeScript file, ${prompts} prompts; grammar load ${loaded.toFixed(0)} ms; full ${median(full).toFixed(1)} ms, after a one-character edit ${median(edits).toFixed(1)} ms (median)`);
  report('inline prompts: find + count in a 5,000-line TS file, full', `${median(full).toFixed(1)} ms`, 'well under a second (< 500 ms)', median(full) < 500);
  report('inline prompts: 5,000-line TS file after a one-character edit (incremental)', `${median(edits).toFixed(1)} ms`, 'well under a second (< 200 ms)', median(edits) < 200);
});

/**
 * Workspace budgets: listing and scanning 10,000 generated prompt files, cold and warm, with the
 * longest analysis slice (what the editor would feel) and peak memory.
 */
extraBenchmarks.push(async (report) => {
  const { runWorkspaceBench } = await import('../../scripts/bench-workspace');
  const figures = await runWorkspaceBench({ files: 10_000 });
  console.log(`      listing ${figures.listMs.toFixed(0)} ms; cold scan ${(figures.cold.ms / 1000).toFixed(2)} s (${figures.cold.filesPerSecond.toFixed(0)} files/s), warm ${(figures.warm.ms / 1000).toFixed(2)} s; event-loop delay p99 ${figures.cold.eventLoopDelayP99Ms.toFixed(0)} ms; peak RSS ${figures.peakRssMB.toFixed(0)} MB`);
  report('scan of 10,000 prompt files completes', `${figures.promptFiles} files in ${(figures.cold.ms / 1000).toFixed(2)} s cold, ${(figures.warm.ms / 1000).toFixed(2)} s warm`, 'completes; UI stays responsive (longest slice < 50 ms)', figures.promptFiles === 10_000 && figures.cold.longestSliceMs < 50);
});
