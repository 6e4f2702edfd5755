// Entry point for the installed-.vsix run: the extension comes from `code-server --install-extension`,
// and the development host is an empty stand-in extension (test/e2e/host).
import { runMocha } from './mocha';

export function run(): Promise<void> {
  return runMocha(__dirname, (file) => file.startsWith('installed'));
}
