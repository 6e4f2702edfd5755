/**
 * Structured output declared beside the prompt rather than in its text: a Prompty `outputs`
 * list or map (or `outputSchema`), a `response_format` of `json_object` / `json_schema`, or a
 * Dotprompt `output.schema` / `output.format: json|enum`. A call whose answer is a few typed
 * fields or one value of an enum is a narrow task, so the analyser counts it like a JSON schema.
 */
export function declaresStructuredOutput(frontMatter: unknown): boolean {
  if (!isRecord(frontMatter)) return false;
  const outputs = frontMatter.outputs ?? frontMatter.outputSchema;
  if ((Array.isArray(outputs) && outputs.length > 0) || (isRecord(outputs) && Object.keys(outputs).length > 0)) return true;
  const model = isRecord(frontMatter.model) ? frontMatter.model : null;
  for (const parameters of [model?.parameters, model?.options]) {
    if (!isRecord(parameters)) continue;
    const format = parameters.response_format ?? parameters.responseFormat;
    const type = isRecord(format) ? format.type : format;
    if (typeof type === 'string' && /^json_(?:object|schema)$/.test(type)) return true;
  }
  const output = isRecord(frontMatter.output) ? frontMatter.output : null;
  if (output && (output.schema !== undefined || (typeof output.format === 'string' && /^(?:json|enum)$/.test(output.format)))) return true;
  return false;
}

/**
 * The values of an enum in the output declared beside the prompt: a Picoschema field written
 * `name(enum): [a, b]` (Dotprompt) or a JSON-schema `enum: [...]`, at any depth of `output` /
 * `outputs` / `outputSchema`. Empty when none is declared.
 */
export function declaredOutputEnum(frontMatter: unknown): string[] {
  if (!isRecord(frontMatter)) return [];
  const found: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8 || found.length > 0) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'enum' || /\(enum\)/.test(key)) && Array.isArray(child) && child.every((item) => typeof item === 'string' || typeof item === 'number')) {
        found.push(...child.map(String));
        return;
      }
      // A Picoschema field whose description lists its values: `category: string, one of A, B, C`.
      if (typeof child === 'string') {
        const values = oneOfValues(child);
        if (values) {
          found.push(...values);
          return;
        }
      }
      visit(child, depth + 1);
    }
  };
  for (const key of ['output', 'outputs', 'outputSchema']) visit(frontMatter[key], 0);
  return found;
}

/**
 * The prompt runs as an agent with tools: a non-empty `tools` list, or `mode: agent` /
 * `agent: agent` (VS Code prompt files). `tools: []` is no agent.
 */
export function declaresToolUse(frontMatter: unknown): boolean {
  if (!isRecord(frontMatter)) return false;
  const tools = frontMatter.tools;
  if ((Array.isArray(tools) && tools.length > 0) || (isRecord(tools) && Object.keys(tools).length > 0)) return true;
  return frontMatter.mode === 'agent' || frontMatter.agent === 'agent';
}

/** The values after "one of" in a field description, when there are two or more short ones. */
function oneOfValues(description: string): string[] | null {
  const match = /\bone\s+of\s*:?\s+([^\n()]{1,400})$/i.exec(description);
  if (!match) return null;
  const values = match[1].split(/\s*,\s*(?:or\s+)?|\s+or\s+/).map((value) => value.trim().replace(/^["'`]|["'`]$/g, '')).filter((value) => value !== '');
  return values.length >= 2 && values.every((value) => /^[\w-]+(?: [\w-]+)?$/.test(value)) ? values : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
