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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
