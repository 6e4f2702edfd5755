import type { Node, Tree } from 'web-tree-sitter';
import type { OffsetRange } from '../types';
import { BATCH_METHODS, FrontEndBase, named, rangeOf, type CallSite, type NameContext, type NameSite } from './frontend';
import { markerTarget } from './markers';
import { CALLEE_NAMES, CHAIN_NAMES, RECEIVER_METHODS } from './recognize';
import {
  asStr,
  cleandoc,
  concat,
  dedentPy,
  join,
  literal,
  percentFormat,
  spreadInto,
  templateVariables,
  trim,
  unknown,
  verbatimSegs,
  type CallValue,
  type ObjValue,
  type Seg,
  type Value,
} from './values';

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'module']);
const NAME_HINT = /prompt|instruction/i;
const NAME_AT = /["']?([A-Za-z_][\w.]*)/y;
/** `name`, `self.name` or `cls.name` followed by `=` or a type annotation. */
const TARGET_AT = /((?:[A-Za-z_]\w*\s*\.\s*)?[A-Za-z_]\w*)\s*(?::|=(?!=))/y;

/** Decodes one Python escape sequence; unknown escapes keep their backslash, as Python does. */
export function decodePyEscape(raw: string): string {
  const c = raw[1] ?? '';
  switch (c) {
    case '\n':
    case '\r':
      return '';
    case '\\': return '\\';
    case "'": return "'";
    case '"': return '"';
    case 'a': return '\x07';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case 'x':
    case 'u':
    case 'U': {
      const code = parseInt(raw.slice(2), 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : raw;
    }
    default:
      if (c >= '0' && c <= '7') return String.fromCharCode(parseInt(raw.slice(1), 8));
      return raw;
  }
}

/** The Python front end. */
export class PyFrontEnd extends FrontEndBase {
  constructor(source: string, tree: Tree) {
    super(source);
    this.walk(tree.rootNode);
    this.formattedTemplates();
  }

  /**
   * `prompt = DIGEST_TEMPLATE.format(…)`: the prompt's text is the template's, so the name is
   * also judged at the template's declaration, where its lens and fixes belong.
   */
  private formattedTemplates(): void {
    for (const site of [...this.names]) {
      const fn = site.value.type === 'call' ? site.value.childForFieldName('function') : null;
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') continue;
      const object = fn.childForFieldName('object');
      if (object?.type !== 'identifier') continue;
      const template = this.resolve(this.text(object), object.startIndex);
      if (!template || (template.type !== 'string' && template.type !== 'concatenated_string') || template.parent?.type !== 'assignment') continue;
      const statement = template.parent.parent?.type === 'expression_statement' ? template.parent.parent : template.parent;
      this.names.push({ name: site.name, range: rangeOf(statement), value: site.value, kind: 'variable' });
    }
  }

  private walk(root: Node): void {
    if (root.hasError) for (const error of root.descendantsOfType('ERROR')) this.errors.push(rangeOf(error));
    const types = ['call', 'assignment', 'keyword_argument', 'pair', 'comment', 'function_definition', 'binary_operator', 'default_parameter', 'typed_default_parameter'];
    for (const node of root.descendantsOfType(types)) {
      switch (node.type) {
        case 'call': {
          const fn = node.firstChild;
          const last = fn ? /([A-Za-z_]\w*)\s*$/.exec(this.source.slice(Math.max(fn.startIndex, fn.endIndex - 80), fn.endIndex))?.[1] : null;
          if (last && CALLEE_NAMES.has(last)) this.addCall(node);
          if (last && CHAIN_NAMES.has(last)) this.chains.push(node);
          break;
        }
        case 'binary_operator': {
          // The outermost `a | b | c` of a LangChain expression chain.
          if (node.childForFieldName('operator')?.type === '|' && !(node.parent?.type === 'binary_operator' && node.parent.childForFieldName('operator')?.type === '|')) {
            this.chains.push(node);
          }
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          // `def ask(model: str = "gpt-4o")`: the default is what runs unless a caller passes one.
          const name = node.childForFieldName('name');
          if (name?.type === 'identifier') this.declare(this.text(name), node);
          break;
        }
        case 'assignment': {
          // The target is read from the text: `name =`, `name: T =`, `self.name =`; tuples are skipped.
          TARGET_AT.lastIndex = node.startIndex;
          const target = TARGET_AT.exec(this.source)?.[1];
          if (!target) break;
          const path = target.split('.').map((part) => part.trim());
          const name = path[path.length - 1]!;
          const isMember = path.length === 2 && (path[0] === 'self' || path[0] === 'cls');
          if (path.length === 1) {
            this.declare(name, node);
            if (this.scopeType(node) === 'class_definition') this.declareMember(name, node);
          } else if (isMember) this.declareMember(name, node);
          else {
            if (path.length === 2 && path[0] === 'Settings' && name === 'llm') this.settingsLlm = node.childForFieldName('right');
            break;
          }
          if (!NAME_HINT.test(name)) break;
          const value = node.childForFieldName('right');
          const statement = node.parent?.type === 'expression_statement' ? node.parent : node;
          if (value) this.names.push({ name, range: rangeOf(statement), value, kind: isMember ? 'field' : 'variable' });
          break;
        }
        case 'function_definition': {
          // `def summary_prompt(text): return f"…"`: a prompt with parameters.
          const name = node.childForFieldName('name');
          if (!name || !NAME_HINT.test(this.text(name))) break;
          const body = node.childForFieldName('body');
          const returns = body ? named(body).filter((statement) => statement.type === 'return_statement') : [];
          const value = returns[returns.length - 1]?.namedChild(0);
          const holder = node.parent?.type === 'decorated_definition' ? node.parent : node;
          if (value) this.names.push({ name: this.text(name), range: rangeOf(holder), value, kind: 'function' });
          break;
        }
        case 'keyword_argument':
        case 'pair': {
          NAME_AT.lastIndex = node.startIndex;
          const hint = NAME_AT.exec(this.source)?.[1];
          if (!hint || !NAME_HINT.test(hint)) break;
          const key = node.childForFieldName(node.type === 'pair' ? 'key' : 'name');
          const value = node.childForFieldName('value');
          if (!key || !value) break;
          const name = key.type === 'identifier' ? this.text(key) : key.type === 'string' ? literal(this.evaluate(key)) : null;
          if (name) this.names.push({ name, range: rangeOf(node), value, kind: node.type === 'pair' ? 'property' : 'keyword' });
          break;
        }
        case 'comment': {
          const marker = markerTarget(this.source, node, (target) => this.markerValue(target));
          if (marker) this.markers.push(marker);
          break;
        }
      }
    }
  }

  protected declaredValue(declaration: Node): Node | null {
    if (declaration.type === 'default_parameter' || declaration.type === 'typed_default_parameter') return declaration.childForFieldName('value');
    return declaration.type === 'assignment' ? declaration.childForFieldName('right') : null;
  }

  private scopeType(node: Node): string {
    for (let parent = node.parent; parent; parent = parent.parent) if (SCOPES.has(parent.type)) return parent.type;
    return 'module';
  }

  private markerValue(target: Node): { value: Node; name: string | null } | null {
    switch (target.type) {
      case 'expression_statement': {
        const inner = target.namedChild(0);
        return inner ? this.markerValue(inner) : null;
      }
      case 'assignment': {
        const value = target.childForFieldName('right');
        const left = target.childForFieldName('left');
        return value ? { value, name: left ? this.text(left) : null } : null;
      }
      case 'pair':
      case 'keyword_argument': {
        const value = target.childForFieldName('value');
        const key = target.childForFieldName(target.type === 'pair' ? 'key' : 'name');
        return value ? { value, name: key ? this.text(key).replace(/^["']|["']$/g, '') : null } : null;
      }
      case 'return_statement': {
        const value = target.namedChild(0);
        return value ? { value, name: null } : null;
      }
      default:
        return { value: target, name: null };
    }
  }

  private addCall(node: Node): void {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    const parent = node.parent;
    const callee = this.path(fn);
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
    this.calls.push({ node, range: rangeOf(node), callee, isNew: false, receiver, parentList: parent?.type === 'list' || parent?.type === 'tuple' ? parent : null });
    const list = BATCH_METHODS.has(callee[callee.length - 1] ?? '') ? named(node.childForFieldName('arguments') ?? node)[0] : undefined;
    if (list?.type === 'list') {
      for (const input of named(list)) this.calls.push({ node: input, range: rangeOf(input), callee, isNew: false, receiver, parentList: null, batchInput: true });
    }
  }

  path(node: Node, depth = 0): string[] {
    if (depth > 12) return ['?'];
    switch (node.type) {
      case 'identifier':
        return [this.text(node)];
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        return [...(object ? this.path(object, depth + 1) : ['?']), attribute ? this.text(attribute) : '?'];
      }
      case 'call': {
        const fn = node.childForFieldName('function');
        return [...(fn ? this.path(fn, depth + 1) : ['?']), '()'];
      }
      case 'await':
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.path(inner, depth + 1) : ['?'];
      }
      default:
        return ['?'];
    }
  }

  evaluateCall(site: CallSite): CallValue {
    const value: CallValue = { t: 'call', range: site.range, callee: site.callee, isNew: false, args: [], kwargs: new Map() };
    const args = site.node.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') return value;
    for (const arg of named(args)) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const inner = arg.childForFieldName('value');
        if (name && inner) value.kwargs.set(this.text(name), this.evaluate(inner));
      } else if (arg.type === 'dictionary_splat') {
        const inner = arg.namedChild(0);
        const spread = inner ? this.evaluate(inner) : null;
        if (spread?.t === 'obj') for (const [key, entry] of spread.entries) value.kwargs.set(key, entry);
      } else if (arg.type === 'list_splat') {
        const inner = arg.namedChild(0);
        const spread = inner ? this.evaluate(inner) : null;
        if (spread?.t === 'list') value.args.push(...spread.items);
        else value.args.push(unknown(rangeOf(arg)));
      } else value.args.push(this.evaluate(arg));
    }
    return value;
  }

  protected scopeOf(declaration: Node): OffsetRange {
    for (let node = declaration.parent; node; node = node.parent) if (SCOPES.has(node.type)) return rangeOf(node);
    return { start: 0, end: this.source.length };
  }

  nameContext(site: NameSite): NameContext {
    const context: NameContext = { siblingKeys: [], callee: null, enclosingNames: [] };
    const holder = site.value.parent?.parent;
    if (site.kind === 'keyword' && holder?.type === 'argument_list') {
      for (const arg of named(holder)) {
        const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name') : null;
        if (name) context.siblingKeys.push(this.text(name));
      }
      const call = holder.parent;
      const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
      context.callee = fn ? this.path(fn) : null;
    } else if (site.kind === 'property' && holder?.type === 'dictionary') {
      for (const pair of named(holder)) {
        const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
        if (key) context.siblingKeys.push(this.text(key).replace(/^["']|["']$/g, ''));
      }
      const call = holder.parent?.type === 'argument_list' ? holder.parent.parent : null;
      const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
      context.callee = fn ? this.path(fn) : null;
    }
    let depth = 0;
    for (let ancestor = site.value.parent?.parent ?? null; ancestor && depth < 16; ancestor = ancestor.parent, depth++) {
      if (ancestor.type === 'pair' || ancestor.type === 'assignment' || ancestor.type === 'keyword_argument') {
        const key = ancestor.childForFieldName(ancestor.type === 'pair' ? 'key' : ancestor.type === 'assignment' ? 'left' : 'name');
        if (key) context.enclosingNames.push(this.text(key).replace(/^["']|["']$/g, ''));
      }
    }
    return context;
  }

  protected evaluateNode(node: Node): Value {
    const range = rangeOf(node);
    switch (node.type) {
      case 'string':
        return this.stringValue(node);
      case 'concatenated_string':
        return concat(range, named(node).map((part) => this.evaluate(part)));
      case 'integer':
      case 'float': {
        const value = Number(this.text(node).replace(/_/g, ''));
        return Number.isFinite(value) ? { t: 'num', range, value } : unknown(range);
      }
      case 'parenthesized_expression':
      case 'await': {
        const inner = named(node)[0];
        return inner ? this.evaluate(inner) : unknown(range);
      }
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.type;
        if (!left || !right) return unknown(range);
        if (operator === '|') return { t: 'call', range, callee: ['|'], isNew: false, args: [this.evaluate(left), this.evaluate(right)], kwargs: new Map() };
        const a = this.evaluate(left);
        if (operator === '%' && a.t === 'str') return { ...percentFormat(a), range };
        if (operator !== '+') return unknown(range);
        const b = this.evaluate(right);
        return a.t === 'str' || b.t === 'str' ? concat(range, [a, b]) : unknown(range);
      }
      case 'boolean_operator': {
        // `os.environ.get("MODEL") or "gpt-4o"`: the literal is the default.
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right || node.childForFieldName('operator')?.type !== 'or') return unknown(range);
        const a = this.evaluate(left);
        if (a.t !== 'unknown') return a.t === 'str' ? a : unknown(range);
        const b = this.evaluate(right);
        return b.t === 'str' ? { ...b, fallback: true } : unknown(range);
      }
      case 'identifier': {
        const target = this.resolve(this.text(node), node.startIndex);
        if (!target) return unknown(range);
        const value = this.evaluate(target);
        const parameter = target.parent?.type === 'default_parameter' || target.parent?.type === 'typed_default_parameter';
        return parameter && value.t === 'str' ? { ...value, fallback: true } : value;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        if (!object || !attribute || object.type !== 'identifier') return unknown(range);
        const owner = this.text(object);
        // `MessageRole.SYSTEM` (LlamaIndex), `Role.USER`: a role given by an enum member.
        if (/Role$/.test(owner) && /^[A-Z]+$/.test(this.text(attribute))) {
          return { t: 'str', range, segs: [{ kind: 'text', start: attribute.startIndex, end: attribute.endIndex, text: this.text(attribute).toLowerCase(), verbatim: false }] };
        }
        // `self.system_prompt`, `cls.TEMPLATE`, `Prompts.SUMMARY`: a class member with that name.
        if (owner === 'self' || owner === 'cls' || (/^[A-Z]/.test(owner) && !this.resolve(owner, node.startIndex))) {
          const target = this.resolveMember(this.text(attribute));
          if (target) return this.evaluate(target);
        }
        return unknown(range);
      }
      case 'subscript': {
        const object = node.childForFieldName('value');
        const index = node.childForFieldName('subscript');
        const key = index ? literal(this.evaluate(index)) : null;
        const owner = object ? this.evaluate(object) : null;
        if (key !== null && owner?.t === 'obj') return owner.entries.get(key) ?? unknown(range);
        return unknown(range);
      }
      case 'list':
      case 'tuple': {
        const items: Value[] = [];
        for (const element of named(node)) {
          if (element.type === 'list_splat') {
            const inner = element.namedChild(0);
            const spread = inner ? this.evaluate(inner) : null;
            if (spread?.t === 'list') items.push(...spread.items);
            else items.push(unknown(rangeOf(element)));
          } else items.push(this.evaluate(element));
        }
        return { t: 'list', range, items };
      }
      case 'dictionary':
        return this.dictValue(node);
      case 'call':
        return this.callValue(node);
      default:
        return unknown(range);
    }
  }

  private stringValue(node: Node): Value {
    const range = rangeOf(node);
    // A literal without escapes or interpolations is its source text between the quotes.
    const raw = this.text(node);
    const open = /^([rRuUfF]{0,2})("""|'''|"|')/.exec(raw);
    if (open && !raw.includes('\\') && !(/f/i.test(open[1]!) && /[{}]/.test(raw))) {
      const from = open[0].length;
      const to = raw.length - open[2]!.length;
      if (to >= from && raw.endsWith(open[2]!)) {
        const segs: Seg[] = [];
        verbatimSegs(this.source, node.startIndex + from, node.startIndex + to, segs);
        this.recordLiteral(node, open[1]!, open[2]!, node.startIndex + from, node.startIndex + to);
        return { t: 'str', range, segs };
      }
    }
    return this.escapedString(node, range);
  }

  private escapedString(node: Node, range: OffsetRange): Value {
    const children = node.children.filter((child): child is Node => child !== null);
    const open = children[0];
    const close = children[children.length - 1];
    if (!open || open.type !== 'string_start') return unknown(range);
    const prefix = this.text(open).replace(/["']/g, '').toLowerCase();
    if (prefix.includes('b')) return unknown(range);
    const raw = prefix.includes('r');
    const end = close?.type === 'string_end' && close.endIndex > close.startIndex ? close.startIndex : node.endIndex;
    const segs: Seg[] = [];
    let pos = open.endIndex;
    const escape = (child: Node): void => {
      verbatimSegs(this.source, pos, child.startIndex, segs);
      const text = this.text(child);
      const decoded = child.type === 'escape_interpolation' ? text[0]! : raw ? text : decodePyEscape(text);
      segs.push({ kind: 'text', start: child.startIndex, end: child.endIndex, text: decoded, verbatim: decoded === text });
      pos = child.endIndex;
    };
    for (const child of children) {
      if (child.type === 'string_content') {
        for (const inner of named(child)) if (inner.type === 'escape_sequence' || inner.type === 'escape_interpolation') escape(inner);
      } else if (child.type === 'interpolation') {
        verbatimSegs(this.source, pos, child.startIndex, segs);
        segs.push(...this.interpolation(child));
        pos = child.endIndex;
      }
    }
    verbatimSegs(this.source, pos, Math.max(pos, end), segs);
    const openText = this.text(open);
    const quote = /("{3}|'{3}|"|')$/.exec(openText)?.[1] ?? '"';
    this.recordLiteral(node, openText.slice(0, openText.length - quote.length), quote, open.endIndex, end);
    return { t: 'str', range, segs };
  }

  /** `{NAME}` where NAME is a constant string (no conversion, no format spec) is static text. */
  private interpolation(node: Node): Seg[] {
    const parts = named(node);
    const expression = node.childForFieldName('expression');
    if (parts.length === 1 && expression && (expression.type === 'identifier' || expression.type === 'attribute')) {
      const value = this.evaluate(expression);
      // A parameter's or environment value's default is what may run, not the text: it stays a variable.
      if (value.t === 'str' && !value.fallback) return value.segs;
    }
    return [{ kind: 'gap', start: node.startIndex, end: node.endIndex }];
  }

  private dictValue(node: Node): ObjValue {
    const value: ObjValue = { t: 'obj', range: rangeOf(node), entries: new Map(), entryRanges: new Map() };
    for (const member of named(node)) {
      if (member.type === 'pair') {
        const key = member.childForFieldName('key');
        const inner = member.childForFieldName('value');
        const name = key ? literal(this.evaluate(key)) : null;
        if (name === null || !inner) continue;
        value.entries.set(name, this.evaluate(inner));
        value.entryRanges.set(name, rangeOf(member));
      } else if (member.type === 'dictionary_splat') {
        const inner = member.namedChild(0);
        if (inner) spreadInto(value, this.evaluate(inner));
      }
    }
    return value;
  }

  private callValue(node: Node): Value {
    const range = rangeOf(node);
    const fn = node.childForFieldName('function');
    if (!fn) return unknown(range);
    const site: CallSite = { node, range, callee: this.path(fn), isNew: false, receiver: null, parentList: null };
    const call = this.evaluateCall(site);
    const dotted = site.callee.join('.');
    const last = site.callee[site.callee.length - 1];
    const first = call.args[0];
    if ((dotted === 'textwrap.dedent' || dotted === 'dedent') && first?.t === 'str') return { ...dedentPy(first), range };
    if ((dotted === 'inspect.cleandoc' || dotted === 'cleandoc') && first?.t === 'str') return { ...cleandoc(first), range };
    // `os.environ.get("MODEL", "gpt-4.1")`, `os.getenv(…)`: the second argument is the default.
    if (/^(os\.)?(environ\.get|getenv)$/.test(dotted) && call.args[1]?.t === 'str') return { ...call.args[1], fallback: true };
    if (dotted === 'dict' && call.args.length === 0) {
      return { t: 'obj', range, entries: call.kwargs, entryRanges: new Map([...call.kwargs].map(([key, entry]) => [key, entry.range])) };
    }
    if (fn.type === 'attribute') {
      const object = fn.childForFieldName('object');
      const receiver = object ? this.evaluate(object) : null;
      if (receiver?.t === 'str') {
        switch (last) {
          case 'strip': if (call.args.length === 0) return { ...trim(receiver), range }; break;
          case 'lstrip': if (call.args.length === 0) return { ...trim(receiver, true, false), range }; break;
          case 'rstrip': if (call.args.length === 0) return { ...trim(receiver, false, true), range }; break;
          // The text is the template's: a message filled by `.format(…)` is reported at the template.
          case 'format': return { ...templateVariables(receiver, 'brace'), range: receiver.range };
          case 'replace': return { ...receiver, range };
          case 'join': if (first?.t === 'list') return join(range, first.items, receiver); break;
        }
        if (last === 'join' && first) return join(range, [asStr(first)], receiver);
      }
      if (last && RECEIVER_METHODS.has(last) && object) call.receiver = receiver ?? this.evaluate(object);
    }
    return call;
  }
}

