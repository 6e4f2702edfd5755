import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, DiagnosticSeverity, DiagnosticTag, type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit as LspTextEdit } from './languageServer';
import type { Diagnostic, OffsetRange, Severity, TextEdit } from '../core';

/**
 * The one place where core offsets become LSP positions. Both sides count UTF-16 code units, so
 * the conversion is a line lookup, done by the document itself.
 */
export function toRange(document: TextDocument, range: OffsetRange): Range {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}

export function toOffsetRange(document: TextDocument, range: Range): OffsetRange {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(document: TextDocument, diagnostic: Diagnostic): LspDiagnostic {
  const tags = diagnostic.tags?.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return {
    range: toRange(document, diagnostic.range),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: 'tokenwise',
    message: diagnostic.message,
    ...(tags && tags.length > 0 ? { tags } : {}),
  };
}

export function toLspTextEdit(document: TextDocument, edit: TextEdit): LspTextEdit {
  return { range: toRange(document, edit.range), newText: edit.newText };
}

/** One edit turning the document's text into `newText`: the changed middle, common ends kept. */
export function minimalEdit(document: TextDocument, newText: string): LspTextEdit {
  const oldText = document.getText();
  let prefix = 0;
  const shorter = Math.min(oldText.length, newText.length);
  while (prefix < shorter && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return toLspTextEdit(document, { range: { start: prefix, end: oldText.length - suffix }, newText: newText.slice(prefix, newText.length - suffix) });
}

/** One quick-fix code action per fix of every diagnostic that touches `requested`. */
export function quickFixActions(document: TextDocument, diagnostics: readonly Diagnostic[], requested: OffsetRange): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (!diagnostic.fixes || diagnostic.range.start > requested.end || diagnostic.range.end < requested.start) continue;
    for (const fix of diagnostic.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(document, diagnostic)],
        isPreferred: fix.isPreferred,
        edit: { changes: { [document.uri]: fix.edits.map((edit) => toLspTextEdit(document, edit)) } },
      });
    }
  }
  return actions;
}
