/**
 * `json-minify`: pretty-printed JSON in fenced blocks and JSON examples, minified.
 *
 * The fix only deletes whitespace between JSON tokens, so every string and number keeps its exact
 * spelling (escapes, exponents, template variables inside strings). It is offered only when the
 * text parses before and after and both parse to the same value.
 *
 * The fix is offered one block at a time and never joins fix-all: JSON in a prompt is nearly always
 * an example of the answer, a payload or a file to create, and the model may copy its layout. Of 112
 * judged minifications on public prompt files 109 were wrong for that reason, and the authors of
 * the hand-written sets listed their JSON examples as text that must survive.
 */
import type { Diagnostic, Severity, TextEdit } from '../../../types';
import { type Context, diagnosticWithFix, makeFix } from '../context';
import { applyEdits } from '../edits';
import { jsonEqual, lexJson } from '../json';

const CODE = 'json-minify' as const;
/** A later instruction that points back at the JSON as the shape to answer in. */
const REFERS_BACK = /\b(?:like|as)\s+(?:you\s+see|(?:is\s+)?shown|seen|given|in\s+the\s+examples?)\s+above\b|\bsame\s+(?:format|structure|shape)\s+as\s+(?:the\s+)?(?:examples?\s+|one\s+)?above\b/i;

export function jsonDiagnostics(ctx: Context, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  if (ctx.input.minifyJson === false) return out;
  for (const block of ctx.protection.jsonBlocks()) {
    const json = block.json;
    if (!json) continue;
    const source = text.slice(json.start, json.end);
    if (!/\n/.test(source)) continue;
    // "Your response must be a valid JSON like you see above": the JSON above is the answer's model.
    if (REFERS_BACK.test(text.slice(json.end, Math.min(text.length, json.end + 4000)))) continue;
    const tokens = lexJson(text, json.start, json.end);
    if (!tokens || tokens.length < 2) continue;
    const edits: TextEdit[] = [];
    for (let i = 1; i < tokens.length; i++) {
      const gap = { start: tokens[i - 1].end, end: tokens[i].start };
      if (gap.end > gap.start && ctx.protection.isFreeInsideBlock(gap)) edits.push({ range: gap, newText: '' });
    }
    if (edits.length === 0) continue;
    const shifted = edits.map((e) => ({ range: { start: e.range.start - json.start, end: e.range.end - json.start }, newText: '' }));
    const minified = applyEdits(source, shifted);
    let same: boolean;
    try {
      same = jsonEqual(JSON.parse(source), JSON.parse(minified));
    } catch {
      same = false;
    }
    if (!same) continue;
    const fix = makeFix(ctx, CODE, 'Minify this JSON', edits, { insideBlock: true });
    if (!fix) continue;
    out.push(diagnosticWithFix(CODE, severity, json, 'Pretty-printed JSON: the minified form has the same value, but the model may copy its layout', { ...fix, safeForFixAll: false }));
  }
  return out;
}
