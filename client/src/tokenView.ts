import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TokenBoundariesRequest } from '../../server/src/shared/protocol';
import { formatCount } from '../../server/src/shared/format';

/** Edits and scrolls closer together than this make one request. */
const DEBOUNCE_MS = 60;

/** What the token view shows for one editor, for the hover and the end-to-end tests. */
interface Shown {
  uri: string;
  version: number;
  encoding: string;
  tokens: Array<{ range: vscode.Range; id: number; bytes: number[]; partial: boolean }>;
}

/**
 * "Tokenwise: Show Tokens": draws the token boundaries of what is on screen in the active editor
 * with alternating subtle backgrounds, as tokenizer playgrounds do, marks line breaks inside
 * tokens, and hovers a token with its id and bytes. The server tokenizes (in the document's
 * encoding) only the visible lines; the view asks again after edits and scrolls.
 */
export class TokenView implements vscode.Disposable {
  private enabled = false;
  private shown: Shown | undefined;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly item = vscode.window.createStatusBarItem('tokenwise.tokenView', vscode.StatusBarAlignment.Right, 99);
  // Two backgrounds that read on light and dark themes, faint enough to keep the text legible.
  private readonly even = vscode.window.createTextEditorDecorationType({ backgroundColor: 'rgba(99, 140, 255, 0.22)', borderRadius: '2px' });
  private readonly odd = vscode.window.createTextEditorDecorationType({ backgroundColor: 'rgba(255, 170, 60, 0.22)', borderRadius: '2px' });
  private readonly lineBreak = vscode.window.createTextEditorDecorationType({
    after: { contentText: '↵', color: new vscode.ThemeColor('editorWhitespace.foreground') },
  });
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Registered while the view is on. Registered after the language client's, so VS Code lists the
   * token's hover above the prompt's cost hover.
   */
  private hoverProvider: vscode.Disposable | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'Tokenwise token view';
    this.item.command = 'tokenwise.showTokens';
    this.render();
    this.disposables.push(
      vscode.commands.registerCommand('tokenwise.showTokens', () => this.toggle()),
      vscode.window.onDidChangeActiveTextEditor(() => {
        this.render();
        this.schedule(0);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.schedule(DEBOUNCE_MS);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document && event.contentChanges.length > 0) this.schedule(DEBOUNCE_MS);
      }),
    );
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** The tokens drawn in the active editor now (empty when the view is off). */
  shownTokens(): Shown | undefined {
    return this.enabled ? this.shown : undefined;
  }

  async toggle(): Promise<void> {
    this.enabled = !this.enabled;
    this.render();
    this.hoverProvider?.dispose();
    this.hoverProvider = this.enabled
      ? vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], { provideHover: (document, position) => this.hover(document, position) })
      : undefined;
    if (this.enabled) await this.refresh();
    else this.clear();
  }

  /** Asks for the visible tokens again; resolves when they are drawn (or the view is off). */
  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (!this.enabled || !editor || !client) {
      this.clear();
      return;
    }
    const document = editor.document;
    const textDocument = { uri: document.uri.toString() };
    // Whole lines of each visible range (folded regions leave several), one request each.
    // Plain objects: a vscode.Range serialises to an array, not to an LSP range.
    const ranges = editor.visibleRanges.map((range) => ({ start: { line: range.start.line, character: 0 }, end: { line: range.end.line, character: document.lineAt(range.end.line).range.end.character } }));
    let results: Array<TokenBoundariesRequest.Result>;
    try {
      results = await Promise.all(ranges.map((range) => client.sendRequest<TokenBoundariesRequest.Result>(TokenBoundariesRequest.method, { textDocument, range })));
    } catch {
      results = [];
    }
    // A newer refresh started, or the text changed while the server answered: that one draws.
    if (generation !== this.generation || editor !== vscode.window.activeTextEditor) return;
    const answered = results.filter((result): result is NonNullable<TokenBoundariesRequest.Result> => result !== null && result.version === document.version);
    if (answered.length === 0) {
      this.clear();
      return;
    }
    const tokens = answered.flatMap((result) =>
      result.tokens.map((token) => ({
        range: new vscode.Range(token.range.start.line, token.range.start.character, token.range.end.line, token.range.end.character),
        id: token.id,
        bytes: token.bytes,
        partial: token.partial === true,
      })),
    );
    this.shown = { uri: textDocument.uri, version: document.version, encoding: answered[0].encoding, tokens };
    const even: vscode.Range[] = [];
    const odd: vscode.Range[] = [];
    const breaks: vscode.Range[] = [];
    tokens.forEach((token, index) => {
      (index % 2 === 0 ? even : odd).push(token.range);
      // A line break has no width to colour: mark each one inside the token at its line's end.
      for (let line = token.range.start.line; line < token.range.end.line; line++) {
        const end = document.lineAt(line).range.end;
        breaks.push(new vscode.Range(end, end));
      }
    });
    editor.setDecorations(this.even, even);
    editor.setDecorations(this.odd, odd);
    editor.setDecorations(this.lineBreak, breaks);
    this.item.tooltip = `${formatCount(tokens.length)} tokens on screen (${answered[0].encoding})${answered.some((result) => !result.exact || result.truncated) ? ', some boundaries approximate' : ''}. Click to hide.`;
  }

  private schedule(delay: number): void {
    if (!this.enabled) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const shown = this.shownTokens();
    if (!shown || shown.uri !== document.uri.toString() || shown.version !== document.version) return undefined;
    const hits = shown.tokens.filter((token) => token.range.contains(position) && !token.range.end.isEqual(position));
    if (hits.length === 0) return undefined;
    const markdown = new vscode.MarkdownString();
    for (const token of hits) {
      const bytes = token.bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
      const text = JSON.stringify(document.getText(token.range));
      markdown.appendMarkdown(`**Token** id \`${token.id}\` · ${shown.encoding}  \n`);
      markdown.appendMarkdown(`${token.bytes.length} byte${token.bytes.length === 1 ? '' : 's'}: \`${bytes}\`${token.partial ? ' (part of a character)' : ''}  \n`);
      markdown.appendMarkdown(`text: \`${text.replace(/`/g, '\\`')}\`\n\n`);
    }
    return new vscode.Hover(markdown, hits[0].range);
  }

  private render(): void {
    this.item.text = this.enabled ? '$(eye) Tokens' : '$(eye-closed) Tokens';
    this.item.tooltip = this.enabled ? 'Tokenwise: hide token boundaries' : 'Tokenwise: show token boundaries in the visible lines';
    if (vscode.window.activeTextEditor) this.item.show();
    else this.item.hide();
  }

  private clear(): void {
    this.shown = undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(this.even, []);
      editor.setDecorations(this.odd, []);
      editor.setDecorations(this.lineBreak, []);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.clear();
    this.hoverProvider?.dispose();
    for (const disposable of [this.item, this.even, this.odd, this.lineBreak, ...this.disposables]) disposable.dispose();
  }
}
