/** Exit codes are part of the contract: CI scripts rely on them. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}
