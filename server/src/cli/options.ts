import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake: the command prints it with its usage and exits with `EXIT.usage`. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util`'s `parseArgs` (strict, positionals allowed, `--` ends the options) with its
 * errors said as the CLI has always said them: "Unknown option --x." and "--x needs a value."
 */
export function parseOptions<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    const flag = /'(--?[\w-]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Unknown option ${flag}.`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${flag} needs a value.`);
    throw new UsageError(message);
  }
}

/** A string option's value, refusing an empty one (`--model=`). */
export function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === '') throw new UsageError(`${flag} needs a value.`);
  return value;
}
