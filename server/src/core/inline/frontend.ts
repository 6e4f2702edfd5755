import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../types';
import type { InlineStringLiteral } from './types';
import { unknown, type CallValue, type Value } from './values';

/**
 * What a language front end hands to the language-independent recognisers: the calls, the
 * names that may hold prompts, the marker comments, and an evaluator from syntax to `Value`.
 */

export interface CallSite {
  node: Node;
  range: OffsetRange;
  /** Dotted callee path (`client.chat.completions.create`); see `CallValue.callee`. */
  callee: string[];
  isNew: boolean;
  /** The receiver of a method call: `model` in `model.generateContent(…)`. */
  receiver: Node | null;
  /** The array or list literal the call is a direct element of, if any. */
  parentList: Node | null;
  /**
   * Set on the sites made for the literal inputs of `model.batch([...])`: each input is a call of
   * its own, so `node` is the input and `callee` the batch call's path.
   */
  batchInput?: true;
}

/** Runnable methods whose list argument is one model call per element. */
export const BATCH_METHODS: ReadonlySet<string> = new Set(['batch', 'abatch']);

export interface NameSite {
  name: string;
  /** The whole declaration: statement, `key: value` pair, keyword argument or class field. */
  range: OffsetRange;
  value: Node;
  /** `function`: the name is a function's and `value` is what it returns. */
  kind: 'variable' | 'field' | 'property' | 'keyword' | 'function';
}

export interface NameContext {
  /** Keys next to this one: the other pairs of the object, or the call's other keyword arguments. */
  siblingKeys: string[];
  /** Callee of the call (or `new`) the object or keyword argument is given to. */
  callee: string[] | null;
  /** Names of enclosing declarations and keys, innermost first (for i18n tables). */
  enclosingNames: string[];
}

export interface MarkerSite {
  /** The statement, declaration or expression the marker comment annotates. */
  range: OffsetRange;
  value: Node;
  name: string | null;
}

export interface FrontEnd {
  readonly source: string;
  calls: CallSite[];
  names: NameSite[];
  markers: MarkerSite[];
  /**
   * Expressions that may chain a prompt template to a model: `prompt.pipe(model)`, Python's
   * `prompt | model`, `RunnableSequence.from([...])`, `LLMChain(llm=…, prompt=…)`. Evaluated
   * only when a template needs its model.
   */
  chains: Node[];
  /** The value of LlamaIndex's `Settings.llm = …`: the model of templates no engine names. */
  settingsLlm: Node | null;
  /** The problems found while walking (syntax errors). */
  errors: OffsetRange[];
  /** Every string literal evaluated, for placing edits inside them. */
  literals: InlineStringLiteral[];
  evaluate(node: Node): Value;
  evaluateCall(site: CallSite): CallValue;
  nameContext(site: NameSite): NameContext;
}

/** A declaration a name can resolve to. */
interface Declaration {
  /** The declaring node; its value and scope are looked up on first use. */
  at: Node;
  start: number;
  scope?: OffsetRange;
}

export const rangeOf = (node: Node): OffsetRange => ({ start: node.startIndex, end: node.endIndex });

/** Named children without comments. */
export function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

const MAX_DEPTH = 40;

/**
 * Memoised, cycle-safe evaluation and name resolution shared by the front ends. A front end
 * supplies `evaluateNode` (syntax → value) and `scopeOf` (the range a declaration is visible in).
 */
export abstract class FrontEndBase implements FrontEnd {
  calls: CallSite[] = [];
  names: NameSite[] = [];
  markers: MarkerSite[] = [];
  chains: Node[] = [];
  settingsLlm: Node | null = null;
  errors: OffsetRange[] = [];
  literals: InlineStringLiteral[] = [];
  protected declarations = new Map<string, Declaration[]>();
  /** `this.x` / `self.x` / class fields, by member name. */
  protected members = new Map<string, Node[]>();
  private memo = new Map<number, Value>();
  private active = new Set<number>();
  private depth = 0;

  constructor(readonly source: string) {}

  abstract evaluateCall(site: CallSite): CallValue;
  abstract nameContext(site: NameSite): NameContext;
  protected abstract evaluateNode(node: Node): Value;
  protected abstract scopeOf(declaration: Node): OffsetRange;
  /** The value a declaring node (declarator, assignment, field) gives its name. */
  protected abstract declaredValue(declaration: Node): Node | null;

  /** Records a string literal: `quote` and `prefix` as written, content between the quotes. */
  protected recordLiteral(node: Node, prefix: string, quote: string, contentStart: number, contentEnd: number): void {
    this.literals.push({ range: rangeOf(node), content: { start: contentStart, end: Math.max(contentStart, contentEnd) }, quote, prefix: prefix.toLowerCase() });
  }

  text(node: Node): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }

  evaluate(node: Node): Value {
    const id = node.id;
    const cached = this.memo.get(id);
    if (cached) return cached;
    if (this.active.has(id) || this.depth > MAX_DEPTH) return unknown(rangeOf(node));
    this.active.add(id);
    this.depth++;
    let value: Value;
    try {
      value = this.evaluateNode(node);
    } finally {
      this.depth--;
      this.active.delete(id);
    }
    this.memo.set(id, value);
    return value;
  }

  /**
   * Records that `at` declares `name`. Only the name is read now (from the source text): the
   * value is looked up when a use resolves to it, which keeps the walk of a large file cheap.
   */
  protected declare(name: string, at: Node): void {
    let list = this.declarations.get(name);
    if (!list) this.declarations.set(name, (list = []));
    list.push({ at, start: at.startIndex });
  }

  protected declareMember(name: string, at: Node): void {
    let list = this.members.get(name);
    if (!list) this.members.set(name, (list = []));
    list.push(at);
  }

  /**
   * The value node a name refers to at `offset`: among the declarations whose scope contains the
   * use, the innermost scope wins, and within it the last declaration before the use.
   */
  protected resolve(name: string, offset: number): Node | null {
    const list = this.declarations.get(name);
    if (!list) return null;
    if (list.length === 1) return this.declaredValue(list[0]!.at);
    let best: Declaration | null = null;
    let bestSize = Infinity;
    for (const declaration of list) {
      declaration.scope ??= this.scopeOf(declaration.at);
      const scope = declaration.scope;
      if (offset < scope.start || offset > scope.end) continue;
      const size = scope.end - scope.start;
      if (size < bestSize || (size === bestSize && best && better(declaration, best, offset))) {
        best = declaration;
        bestSize = size;
      }
    }
    return best ? this.declaredValue(best.at) : null;
  }

  /** A member (`this.x`, `self.x`, a class field) when exactly one declaration has that name. */
  protected resolveMember(name: string): Node | null {
    const list = this.members.get(name);
    return list && list.length === 1 ? this.declaredValue(list[0]!) : null;
  }
}

/** In one scope: the last declaration before the use, else the first one after it. */
function better(candidate: Declaration, current: Declaration, offset: number): boolean {
  const candidateBefore = candidate.start <= offset;
  const currentBefore = current.start <= offset;
  if (candidateBefore !== currentBefore) return candidateBefore;
  return candidateBefore ? candidate.start > current.start : candidate.start < current.start;
}
