import type { Node } from 'web-tree-sitter';
import { rangeOf, type MarkerSite } from './frontend';

/** `// tokenwise: prompt` or `# tokenwise: prompt`, alone on its line. */
const MARKER = /\btokenwise:\s*prompt\b/i;

/** Node types a marker's target never grows into: they hold many statements. */
const CONTAINERS = new Set(['program', 'module', 'block', 'statement_block', 'class_body', 'ERROR']);

/**
 * The statement a marker comment annotates: the largest node that starts where the next line's
 * code starts. `pick` says which expression of that statement is the prompt, and its name.
 */
export function markerTarget(
  source: string,
  comment: Node,
  pick: (target: Node) => { value: Node; name: string | null } | null,
): MarkerSite | null {
  if (!MARKER.test(source.slice(comment.startIndex, comment.endIndex))) return null;
  const lineStart = source.lastIndexOf('\n', comment.startIndex - 1) + 1;
  if (source.slice(lineStart, comment.startIndex).trim() !== '') return null;
  const newline = source.indexOf('\n', comment.endIndex);
  if (newline < 0) return null;
  let pos = newline + 1;
  while (pos < source.length && (source[pos] === ' ' || source[pos] === '\t' || source[pos] === '\r')) pos++;
  if (pos >= source.length || source[pos] === '\n') return null;
  let node = comment.tree.rootNode.descendantForIndex(pos, pos);
  if (!node) return null;
  while (node.parent && node.parent.startIndex === pos && !CONTAINERS.has(node.parent.type)) node = node.parent;
  if (node.type === 'comment') return null;
  const picked = pick(node);
  return picked ? { range: rangeOf(node), value: picked.value, name: picked.name } : null;
}
