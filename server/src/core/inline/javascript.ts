import type { Node, Tree } from 'web-tree-sitter';
import type { OffsetRange } from '../types';
import { BATCH_METHODS, FrontEndBase, named, rangeOf, type CallSite, type NameContext, type NameSite } from './frontend';
import { markerTarget } from './markers';
import { CALLEE_NAMES, CHAIN_NAMES, RECEIVER_METHODS } from './recognize';
import {
  asStr,
  concat,
  dedentJs,
  join,
  literal,
  stripIndents,
  spreadInto,
  trim,
  unknown,
  verbatimSegs,
  type CallValue,
  type ObjValue,
  type Seg,
  type StrValue,
  type Value,
} from './values';

/** Tag functions and helpers that dedent a template literal. */
const DEDENT = new Set(['dedent', 'outdent', 'stripIndent', 'endent', 'ts_dedent', 'dedentString']);
const STRIP_INDENTS = new Set(['stripIndents']);
/** Functions that read the environment: their first argument is a variable's name, not a value. */
const ENV_READERS = /^(requireEnv|getEnv|readEnv|env|getenv|mustGetEnv|getEnvVar|getEnvironmentVariable)$/;

const SCOPES = new Set(['statement_block', 'program', 'class_body', 'switch_body']);
/** Declarations of a parameter with a default value. */
const PARAMETERS = new Set(['required_parameter', 'optional_parameter', 'assignment_pattern']);
const UNWRAP = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

/** Names that start a property or declaration we look at (`systemPrompt`, "SYSTEM_PROMPT"). */
const NAME_HINT = /prompt|instruction/i;
const KEY_AT = /["']?([A-Za-z_$][\w$]*)/y;
const IDENTIFIER_AT = /[A-Za-z_$][\w$]*/y;
/** The target of a plain assignment: `name =`, `this.name =`, `module.exports.name =`. */
const ASSIGNED_AT = /(?:[A-Za-z_$][\w$]*\s*\.\s*)*[A-Za-z_$][\w$]*(?=\s*=(?!=))/y;
const NEW_AT = /new\s+((?:[A-Za-z_$][\w$]*\s*\.\s*)*[A-Za-z_$][\w$]*)/y;

/** Decodes one JS escape sequence (`\n`, `\x41`, `\u{1F600}`, a line continuation…). */
export function decodeJsEscape(raw: string): string {
  const c = raw[1] ?? '';
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    case '0': return raw.length === 2 ? '\0' : raw.slice(1);
    case 'x': return String.fromCharCode(parseInt(raw.slice(2, 4), 16) || 0);
    case 'u': {
      const hex = raw[2] === '{' ? raw.slice(3, -1) : raw.slice(2, 6);
      const code = parseInt(hex, 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : raw;
    }
    case '\r':
    case '\n':
    case '\u2028':
    case '\u2029':
      return '';
    default:
      return raw.slice(1);
  }
}

/** The JS, TS and TSX front end. */
export class JsFrontEnd extends FrontEndBase {
  constructor(source: string, tree: Tree) {
    super(source);
    this.walk(tree.rootNode);
  }

  private walk(root: Node): void {
    const types = [
      'call_expression', 'new_expression', 'variable_declarator', 'public_field_definition', 'field_definition',
      'assignment_expression', 'pair', 'comment', 'function_declaration', 'required_parameter', 'optional_parameter', 'assignment_pattern',
    ];
    if (root.hasError) for (const error of root.descendantsOfType('ERROR')) this.errors.push(rangeOf(error));
    for (const node of root.descendantsOfType(types)) {
      switch (node.type) {
        case 'call_expression':
        case 'new_expression': {
          const last = this.lastCalleeName(node) ?? '';
          if (CALLEE_NAMES.has(last)) this.addCall(node);
          if (CHAIN_NAMES.has(last)) this.chains.push(node);
          break;
        }
        case 'variable_declarator': {
          // The name is read from the text; destructuring patterns do not start with a name.
          IDENTIFIER_AT.lastIndex = node.startIndex;
          const name = IDENTIFIER_AT.exec(this.source)?.[0];
          if (!name) break;
          this.declare(name, node);
          if (!NAME_HINT.test(name)) break;
          const value = node.childForFieldName('value');
          const text = value && FUNCTIONS.has(value.type) ? returned(value) : value;
          if (text) this.names.push({ name, range: rangeOf(declarationStatement(node)), value: text, kind: value === text ? 'variable' : 'function' });
          break;
        }
        case 'required_parameter':
        case 'optional_parameter':
        case 'assignment_pattern': {
          // `function ask(model = process.env.M || 'gpt-4o')`: the default runs unless a caller passes one.
          const name = node.childForFieldName(node.type === 'assignment_pattern' ? 'left' : 'pattern');
          const value = node.childForFieldName(node.type === 'assignment_pattern' ? 'right' : 'value');
          const inParameters = node.type !== 'assignment_pattern' || node.parent?.type === 'formal_parameters';
          if (name?.type === 'identifier' && value && inParameters) this.declare(this.text(name), node);
          break;
        }
        case 'function_declaration': {
          // `function classificationPrompt(labels) { return `…`; }`: a prompt with parameters.
          const name = node.childForFieldName('name');
          const text = name && NAME_HINT.test(this.text(name)) ? returned(node) : null;
          if (name && text) this.names.push({ name: this.text(name), range: rangeOf(node.parent?.type === 'export_statement' ? node.parent : node), value: text, kind: 'function' });
          break;
        }
        case 'public_field_definition':
        case 'field_definition': {
          const name = node.childForFieldName('name') ?? node.childForFieldName('property');
          if (!name) break;
          const text = this.text(name);
          this.declareMember(text, node);
          const value = NAME_HINT.test(text) ? node.childForFieldName('value') : null;
          if (value) this.names.push({ name: text, range: rangeOf(node), value, kind: 'field' });
          break;
        }
        case 'assignment_expression': {
          ASSIGNED_AT.lastIndex = node.startIndex;
          const target = ASSIGNED_AT.exec(this.source)?.[0];
          if (!target) break;
          const path = target.split('.').map((part) => part.trim());
          const name = path[path.length - 1]!;
          if (path.length === 1) this.declare(name, node);
          else if (path.length === 2 && path[0] === 'this') this.declareMember(name, node);
          if (path.length === 2 && path[0] === 'Settings' && name === 'llm') this.settingsLlm = node.childForFieldName('right');
          const exported = path[0] === 'this' || path[0] === 'exports' || (path[0] === 'module' && path[1] === 'exports');
          if ((path.length === 1 || exported) && NAME_HINT.test(name)) {
            const value = node.childForFieldName('right');
            const statement = node.parent?.type === 'expression_statement' ? node.parent : node;
            if (value) this.names.push({ name, range: rangeOf(statement), value, kind: path.length === 1 ? 'variable' : 'field' });
          }
          break;
        }
        case 'pair': {
          KEY_AT.lastIndex = node.startIndex;
          const key = KEY_AT.exec(this.source)?.[1];
          if (!key || !NAME_HINT.test(key)) break;
          const keyNode = node.childForFieldName('key');
          const value = node.childForFieldName('value');
          if (!keyNode || !value || (keyNode.type !== 'property_identifier' && keyNode.type !== 'string')) break;
          const name = keyNode.type === 'string' ? literal(this.evaluate(keyNode)) : this.text(keyNode);
          if (name) this.names.push({ name, range: rangeOf(node), value, kind: 'property' });
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

  /** The callee's last name, read from the source: `create` in `client.chat.completions.create(`. */
  private lastCalleeName(node: Node): string | null {
    if (node.type === 'new_expression') {
      NEW_AT.lastIndex = node.startIndex;
      const path = NEW_AT.exec(this.source)?.[1];
      return path ? path.slice(path.lastIndexOf('.') + 1).trim() : null;
    }
    const fn = node.firstChild;
    if (!fn) return null;
    return /([A-Za-z_$][\w$]*)\s*$/.exec(this.source.slice(Math.max(fn.startIndex, fn.endIndex - 80), fn.endIndex))?.[1] ?? null;
  }

  protected declaredValue(declaration: Node): Node | null {
    switch (declaration.type) {
      case 'variable_declarator':
      case 'public_field_definition':
      case 'field_definition':
        return declaration.childForFieldName('value');
      case 'assignment_expression':
      case 'assignment_pattern':
        return declaration.childForFieldName('right');
      case 'required_parameter':
      case 'optional_parameter':
        return declaration.childForFieldName('value');
      default:
        return null;
    }
  }

  /** What a marker comment's next statement offers as the prompt: its value and its name. */
  private markerValue(target: Node): { value: Node; name: string | null } | null {
    switch (target.type) {
      case 'export_statement': {
        const declaration = target.childForFieldName('declaration');
        return declaration ? this.markerValue(declaration) : null;
      }
      case 'lexical_declaration':
      case 'variable_declaration': {
        const declarator = target.namedChildren.find((child) => child?.type === 'variable_declarator');
        const value = declarator?.childForFieldName('value');
        const name = declarator?.childForFieldName('name');
        return value ? { value, name: name ? this.text(name) : null } : null;
      }
      case 'expression_statement': {
        const expression = target.namedChild(0);
        return expression ? this.markerValue(expression) : null;
      }
      case 'assignment_expression': {
        const value = target.childForFieldName('right');
        const left = target.childForFieldName('left');
        return value ? { value, name: left ? this.text(left) : null } : null;
      }
      case 'pair':
      case 'public_field_definition':
      case 'field_definition': {
        const value = target.childForFieldName('value');
        const key = target.childForFieldName('key') ?? target.childForFieldName('name') ?? target.childForFieldName('property');
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
    const isNew = node.type === 'new_expression';
    const fn = node.childForFieldName(isNew ? 'constructor' : 'function');
    if (!fn) return;
    let receiver: Node | null = null;
    const member = unwrap(fn);
    if (member.type === 'member_expression') receiver = member.childForFieldName('object');
    const parent = node.parent;
    const callee = this.path(fn);
    this.calls.push({ node, range: rangeOf(node), callee, isNew, receiver, parentList: parent?.type === 'array' ? parent : null });
    const list = BATCH_METHODS.has(callee[callee.length - 1] ?? '') ? named(node.childForFieldName('arguments') ?? node)[0] : undefined;
    if (list?.type === 'array') {
      for (const input of named(list)) this.calls.push({ node: input, range: rangeOf(input), callee, isNew, receiver, parentList: null, batchInput: true });
    }
  }

  /** Dotted path of a callee expression. */
  path(node: Node, depth = 0): string[] {
    if (depth > 12) return ['?'];
    switch (node.type) {
      case 'identifier':
      case 'property_identifier':
      case 'private_property_identifier':
      case 'this':
      case 'super':
        return [this.text(node)];
      case 'member_expression': {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        return [...(object ? this.path(object, depth + 1) : ['?']), property ? this.text(property) : '?'];
      }
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        const index = node.childForFieldName('index');
        const key = index ? literal(this.evaluate(index)) : null;
        return [...(object ? this.path(object, depth + 1) : ['?']), key ?? '?'];
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        return [...(fn ? this.path(fn, depth + 1) : ['?']), '()'];
      }
      case 'new_expression': {
        const fn = node.childForFieldName('constructor');
        return [...(fn ? this.path(fn, depth + 1) : ['?']), '()'];
      }
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression': {
        const inner = node.namedChild(0);
        return inner ? this.path(inner, depth + 1) : ['?'];
      }
      default:
        return ['?'];
    }
  }

  evaluateCall(site: CallSite): CallValue {
    const args = site.node.childForFieldName('arguments');
    const values: Value[] = [];
    if (args?.type === 'template_string') values.push(this.evaluate(args));
    else if (args) for (const arg of named(args)) values.push(this.evaluate(arg));
    return { t: 'call', range: site.range, callee: site.callee, isNew: site.isNew, args: values, kwargs: new Map() };
  }

  protected scopeOf(declaration: Node): OffsetRange {
    // A parameter is visible in its own function only.
    if (PARAMETERS.has(declaration.type) && declaration.parent?.parent) return rangeOf(declaration.parent.parent);
    for (let node = declaration.parent; node; node = node.parent) if (SCOPES.has(node.type)) return rangeOf(node);
    return { start: 0, end: this.source.length };
  }

  nameContext(site: NameSite): NameContext {
    const context: NameContext = { siblingKeys: [], callee: null, enclosingNames: [] };
    const node = site.value.parent;
    if (site.kind === 'property' && node?.parent?.type === 'object') {
      const object = node.parent;
      for (const pair of named(object)) {
        const key = pair.type === 'pair' ? pair.childForFieldName('key') : pair.type === 'shorthand_property_identifier' ? pair : null;
        if (key) context.siblingKeys.push(this.text(key).replace(/^["']|["']$/g, ''));
      }
      const holder = object.parent?.type === 'arguments' ? object.parent.parent : null;
      if (holder?.type === 'call_expression' || holder?.type === 'new_expression') {
        const fn = holder.childForFieldName(holder.type === 'new_expression' ? 'constructor' : 'function');
        context.callee = fn ? this.path(fn) : null;
      }
    }
    let depth = 0;
    for (let ancestor = node?.parent ?? null; ancestor && depth < 16; ancestor = ancestor.parent, depth++) {
      if (ancestor.type === 'pair' || ancestor.type === 'variable_declarator') {
        const key = ancestor.childForFieldName(ancestor.type === 'pair' ? 'key' : 'name');
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
      case 'template_string':
        return this.templateValue(node);
      case 'number': {
        const value = Number(this.text(node).replace(/_/g, '').replace(/n$/, ''));
        return Number.isFinite(value) ? { t: 'num', range, value } : unknown(range);
      }
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'await_expression': {
        const inner = node.namedChild(0);
        return inner ? this.evaluate(inner) : unknown(range);
      }
      case 'binary_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.type;
        if (!left || !right) return unknown(range);
        if (operator === '??' || operator === '||') {
          // `process.env.MODEL ?? 'gpt-4o'`: the literal is what runs unless the environment says otherwise.
          const a = this.evaluate(left);
          if (a.t !== 'unknown') return a.t === 'str' ? a : unknown(range);
          const b = this.evaluate(right);
          return b.t === 'str' ? { ...b, fallback: true } : unknown(range);
        }
        if (operator !== '+') return unknown(range);
        const a = this.evaluate(left);
        const b = this.evaluate(right);
        return a.t === 'str' || b.t === 'str' ? concat(range, [a, b]) : unknown(range);
      }
      case 'identifier':
      case 'shorthand_property_identifier': {
        const target = this.resolve(this.text(node), node.startIndex);
        if (!target) return unknown(range);
        const value = this.evaluate(target);
        return PARAMETERS.has(target.parent?.type ?? '') && value.t === 'str' ? { ...value, fallback: true } : value;
      }
      case 'member_expression':
        return this.memberValue(node);
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        const index = node.childForFieldName('index');
        const key = index ? literal(this.evaluate(index)) : null;
        const owner = object ? this.evaluate(object) : null;
        if (key !== null && owner?.t === 'obj') return owner.entries.get(key) ?? unknown(range);
        return unknown(range);
      }
      case 'array': {
        const items: Value[] = [];
        for (const element of named(node)) {
          if (element.type === 'spread_element') {
            const inner = element.namedChild(0);
            const spread = inner ? this.evaluate(inner) : unknown(rangeOf(element));
            if (spread.t === 'list') items.push(...spread.items);
            else items.push(unknown(rangeOf(element)));
          } else items.push(this.evaluate(element));
        }
        return { t: 'list', range, items };
      }
      case 'object':
        return this.objectValue(node);
      case 'call_expression':
        return this.callValue(node);
      case 'new_expression': {
        const site: CallSite = { node, range, callee: [], isNew: true, receiver: null, parentList: null };
        const fn = node.childForFieldName('constructor');
        site.callee = fn ? this.path(fn) : ['?'];
        return this.evaluateCall(site);
      }
      default:
        return unknown(range);
    }
  }

  /** A literal without escapes or substitutions is its source text: no need to visit its children. */
  private plainLiteral(node: Node): StrValue | null {
    const raw = this.text(node);
    const quote = raw[0];
    if (raw.length < 2 || raw[raw.length - 1] !== quote || raw.includes('\\') || (quote === '`' && raw.includes('${'))) return null;
    const segs: Seg[] = [];
    verbatimSegs(this.source, node.startIndex + 1, node.startIndex + raw.length - 1, segs);
    this.recordLiteral(node, '', quote!, node.startIndex + 1, node.startIndex + raw.length - 1);
    return { t: 'str', range: rangeOf(node), segs };
  }

  private stringValue(node: Node): StrValue {
    const plain = this.plainLiteral(node);
    if (plain) return plain;
    const close = node.lastChild;
    const end = close && !close.isNamed && close.endIndex - close.startIndex === 1 && close !== node.firstChild ? close.startIndex : node.endIndex;
    const segs: Seg[] = [];
    let pos = node.startIndex + 1;
    for (const child of named(node)) {
      if (child.type !== 'escape_sequence') continue;
      verbatimSegs(this.source, pos, child.startIndex, segs);
      segs.push({ kind: 'text', start: child.startIndex, end: child.endIndex, text: decodeJsEscape(this.text(child)), verbatim: false });
      pos = child.endIndex;
    }
    verbatimSegs(this.source, pos, Math.max(pos, end), segs);
    this.recordLiteral(node, '', this.source[node.startIndex] ?? '"', node.startIndex + 1, end);
    return { t: 'str', range: rangeOf(node), segs };
  }

  private templateValue(node: Node): StrValue {
    const plain = this.plainLiteral(node);
    if (plain) return plain;
    const close = node.lastChild;
    const end = close?.type === '`' && close.startIndex > node.startIndex ? close.startIndex : node.endIndex;
    const segs: Seg[] = [];
    let pos = node.startIndex + 1;
    for (const child of named(node)) {
      if (child.type === 'escape_sequence') {
        verbatimSegs(this.source, pos, child.startIndex, segs);
        segs.push({ kind: 'text', start: child.startIndex, end: child.endIndex, text: decodeJsEscape(this.text(child)), verbatim: false });
        pos = child.endIndex;
      } else if (child.type === 'template_substitution') {
        verbatimSegs(this.source, pos, child.startIndex, segs);
        segs.push(...this.substitution(child));
        pos = child.endIndex;
      }
    }
    verbatimSegs(this.source, pos, Math.max(pos, end), segs);
    this.recordLiteral(node, '', '`', node.startIndex + 1, end);
    return { t: 'str', range: rangeOf(node), segs };
  }

  /** `${NAME}` where NAME is a constant string is static text; anything else is a variable. */
  private substitution(node: Node): Seg[] {
    const expression = named(node)[0];
    const value = expression && (expression.type === 'identifier' || expression.type === 'member_expression') ? this.evaluate(expression) : null;
    // A parameter's or environment value's default is what may run, not the text: it stays a variable.
    if (value?.t === 'str' && !value.fallback) return value.segs;
    return [{ kind: 'gap', start: node.startIndex, end: node.endIndex }];
  }

  private memberValue(node: Node): Value {
    const range = rangeOf(node);
    const object = node.childForFieldName('object');
    const property = node.childForFieldName('property');
    if (!object || !property) return unknown(range);
    const name = this.text(property);
    const owner = this.evaluate(object);
    if (owner.t === 'obj') return owner.entries.get(name) ?? unknown(range);
    // `this.systemPrompt` or a static field `Prompts.SYSTEM`: a class member with that name.
    const isClassName = object.type === 'identifier' && /^[A-Z]/.test(this.text(object)) && owner.t === 'unknown';
    if (object.type === 'this' || isClassName) {
      const target = this.resolveMember(name);
      if (target) return this.evaluate(target);
    }
    return unknown(range);
  }

  private objectValue(node: Node): ObjValue {
    const value: ObjValue = { t: 'obj', range: rangeOf(node), entries: new Map(), entryRanges: new Map() };
    for (const member of named(node)) {
      if (member.type === 'pair') {
        const key = member.childForFieldName('key');
        const inner = member.childForFieldName('value');
        if (!key || !inner) continue;
        const name = key.type === 'property_identifier' || key.type === 'number' ? this.text(key) : key.type === 'string' ? literal(this.evaluate(key)) : null;
        if (name === null) continue;
        value.entries.set(name, this.evaluate(inner));
        value.entryRanges.set(name, rangeOf(member));
      } else if (member.type === 'shorthand_property_identifier') {
        const name = this.text(member);
        value.entries.set(name, this.evaluate(member));
        value.entryRanges.set(name, rangeOf(member));
      } else if (member.type === 'spread_element') {
        const inner = member.namedChild(0);
        if (inner) spreadInto(value, this.evaluate(inner));
      }
    }
    return value;
  }

  private callValue(node: Node): Value {
    const range = rangeOf(node);
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn || !args) return unknown(range);
    const callee = this.path(fn);
    const last = callee[callee.length - 1] ?? '?';
    if (args.type === 'template_string') {
      // A tagged template: only dedent-like tags give text; `sql`, `html`, `gql`… are not prompts.
      if (DEDENT.has(last)) return { ...dedentJs(this.templateValue(args)), range };
      if (STRIP_INDENTS.has(last)) return { ...stripIndents(this.templateValue(args)), range };
      if (callee.join('.') === 'String.raw') return { ...this.templateValue(args), range };
      return unknown(range);
    }
    const argNodes = named(args);
    if (ENV_READERS.test(last)) {
      // `requireEnv('MODEL')`, `getEnv('MODEL', 'gpt-4o')`: a run-time value, with its literal default if any.
      const fallback = argNodes[1] ? this.evaluate(argNodes[1]) : null;
      return fallback?.t === 'str' ? { ...fallback, fallback: true } : unknown(range);
    }
    if (callee.length === 1 && (DEDENT.has(last) || STRIP_INDENTS.has(last)) && argNodes.length === 1) {
      const arg = this.evaluate(argNodes[0]!);
      if (arg.t === 'str') return { ...(DEDENT.has(last) ? dedentJs(arg) : stripIndents(arg)), range };
    }
    const member = unwrap(fn);
    if (member.type === 'member_expression') {
      const object = member.childForFieldName('object');
      const receiver = object ? this.evaluate(object) : null;
      if (receiver?.t === 'str') {
        switch (last) {
          case 'trim': return { ...trim(receiver), range };
          case 'trimStart':
          case 'trimLeft': return { ...trim(receiver, true, false), range };
          case 'trimEnd':
          case 'trimRight': return { ...trim(receiver, false, true), range };
          // `.replace('{{name}}', name)` fills a placeholder: the text is known but for that variable.
          case 'replace':
          case 'replaceAll':
          case 'toString':
          case 'valueOf': return { ...receiver, range };
          case 'concat': return concat(range, [receiver, ...argNodes.map((arg) => this.evaluate(arg))]);
        }
      }
      if (receiver?.t === 'list' && last === 'join') {
        const separator = argNodes[0] ? asStr(this.evaluate(argNodes[0])) : null;
        const comma: StrValue = { t: 'str', range, segs: [{ kind: 'text', start: range.end, end: range.end, text: ',', verbatim: false }] };
        return join(range, receiver.items, argNodes[0] ? separator : comma);
      }
    }
    const call = this.evaluateCall({ node, range, callee, isNew: false, receiver: null, parentList: null });
    if (member.type === 'member_expression' && RECEIVER_METHODS.has(last)) {
      const object = member.childForFieldName('object');
      if (object) call.receiver = this.evaluate(object);
    }
    return call;
  }
}

function unwrap(node: Node): Node {
  let current = node;
  while (UNWRAP.has(current.type) && current.namedChild(0)) current = current.namedChild(0)!;
  return current;
}

const FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function']);

/**
 * What a prompt-building function returns: an arrow function's expression body, or the last
 * top-level `return` of a function body. Null when the function has no such return.
 */
function returned(fn: Node): Node | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  if (body.type !== 'statement_block') return body;
  const statements = named(body).filter((statement) => statement.type === 'return_statement');
  return statements[statements.length - 1]?.namedChild(0) ?? null;
}

/** The statement a declarator belongs to: `export const X = …` as a whole when exported. */
function declarationStatement(declarator: Node): Node {
  const declaration = declarator.parent;
  if (!declaration || (declaration.type !== 'lexical_declaration' && declaration.type !== 'variable_declaration')) return declarator;
  if (declaration.namedChildren.filter((child) => child?.type === 'variable_declarator').length > 1) return declarator;
  return declaration.parent?.type === 'export_statement' ? declaration.parent : declaration;
}
