/**
 * The files agents load, recognised by name and place alone (no setting): custom agents,
 * skills, repository and scoped instructions, rules and MCP configs. Paths are relative to the
 * workspace root with `/` separators. Which harness reads which kind, and when, is `harness.ts`.
 */

export type AgentFileKind =
  | 'custom-agent' // *.agent.md
  | 'chat-mode' // *.chatmode.md, the name VS Code used before 1.106
  | 'skill' // SKILL.md in <somewhere>/skills/<name>/
  | 'copilot-instructions' // .github/copilot-instructions.md
  | 'agents-md' // AGENTS.md at any level
  | 'agents-override-md' // AGENTS.override.md (Codex reads it instead of AGENTS.md)
  | 'claude-md' // CLAUDE.md or .claude/CLAUDE.md at any level
  | 'claude-local-md' // CLAUDE.local.md at any level
  | 'gemini-md' // GEMINI.md at any level
  | 'cursorrules' // .cursorrules (legacy Cursor rules)
  | 'scoped-instructions' // *.instructions.md
  | 'claude-rule' // .claude/rules/**/*.md
  | 'cursor-rule' // .cursor/rules/**/*.mdc
  | 'mcp-config'; // .vscode/mcp.json, .mcp.json, .cursor/mcp.json, .gemini/settings.json

/** The MCP config files and the key their servers live under. */
export const MCP_CONFIG_FILES: Readonly<Record<string, 'servers' | 'mcpServers'>> = {
  '.vscode/mcp.json': 'servers',
  '.mcp.json': 'mcpServers',
  '.cursor/mcp.json': 'mcpServers',
  '.gemini/settings.json': 'mcpServers',
};

/**
 * Files at fixed places that are often git-ignored (`CLAUDE.local.md` is by design) but still
 * read by their agent, so a host that lists files through `.gitignore` should look for them too.
 */
export const FIXED_AGENT_FILES: readonly string[] = [
  'AGENTS.md',
  'AGENTS.override.md',
  'CLAUDE.md',
  '.claude/CLAUDE.md',
  'CLAUDE.local.md',
  'GEMINI.md',
  '.cursorrules',
  '.github/copilot-instructions.md',
  ...Object.keys(MCP_CONFIG_FILES),
];

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/** The folder of a relative path, '' at the root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** True when `path` is `suffix` or ends with `/suffix`. */
function endsWithPath(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith(`/${suffix}`);
}

/**
 * The kind of an agent file, or `null` for any other file. `rawPath` may be relative or
 * absolute; placement rules (harness.ts) need it relative to the workspace root.
 *
 * `anyPlace` recognises a file by its name alone where the kind also needs a place: a SKILL.md
 * outside `skills/<name>/`, a copilot-instructions.md outside `.github/`, an `.mdc` rule outside
 * `.cursor/rules/` (a rule collection, a copy being edited). Such a file is still written for its
 * harness, which matters to questions about its content (what a harness substitutes in it), not
 * to which files a harness loads.
 */
export function agentFileKind(rawPath: string, options: { anyPlace?: boolean } = {}): AgentFileKind | null {
  const path = rawPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const name = baseName(path);
  const lower = name.toLowerCase();
  if (Object.keys(MCP_CONFIG_FILES).some((config) => endsWithPath(path, config))) return 'mcp-config';
  if (lower.endsWith('.agent.md')) return 'custom-agent';
  if (lower.endsWith('.chatmode.md')) return 'chat-mode';
  if (lower.endsWith('.instructions.md')) return 'scoped-instructions';
  if (name === 'SKILL.md' && (options.anyPlace || /(?:^|\/)skills\/[^/]+\/SKILL\.md$/.test(path))) return 'skill';
  if (endsWithPath(path, '.github/copilot-instructions.md') || (options.anyPlace && name === 'copilot-instructions.md')) return 'copilot-instructions';
  if (name === 'AGENTS.md') return 'agents-md';
  if (name === 'AGENTS.override.md') return 'agents-override-md';
  if (name === 'CLAUDE.local.md') return 'claude-local-md';
  if (/(?:^|\/)\.claude\/rules\/.+\.md$/i.test(path)) return 'claude-rule';
  if (name === 'CLAUDE.md') return 'claude-md';
  if (name === 'GEMINI.md') return 'gemini-md';
  if (name === '.cursorrules') return 'cursorrules';
  if (/(?:^|\/)\.cursor\/rules\/.+\.mdc$/i.test(path) || (options.anyPlace && /\.mdc$/i.test(name))) return 'cursor-rule';
  return null;
}

/**
 * How the editor analyses an agent file that is not a prompt by its suffix: as a markdown body
 * (`.cursorrules` as plain text), for live counts, lenses, hovers and the status bar. Project
 * scans and `tokenwise check` leave these files to `tokenwise context`, which counts them as the
 * always-on context they are rather than as prompts of their own.
 */
export function agentFileFormat(path: string): 'markdown' | 'text' | null {
  const kind = agentFileKind(path);
  if (!kind || kind === 'mcp-config') return null;
  return kind === 'cursorrules' ? 'text' : 'markdown';
}

/**
 * The folder an instruction file speaks for: `packages/api` for `packages/api/AGENTS.md` and
 * for `packages/api/.claude/CLAUDE.md`; '' for the root.
 */
export function scopeFolderOf(path: string): string {
  const folder = folderOf(path);
  if (folder === '.claude' || folder.endsWith('/.claude')) return folderOf(folder);
  return folder;
}

/** True when `path` lies in `folder` or below it ('' holds everything). */
export function isInside(path: string, folder: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}
