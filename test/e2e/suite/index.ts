// Entry point of the development-folder suite (`extensionTestsPath`): every `*.test.js` here
// except the installed-package check, which needs the .vsix installed instead.
import { runMocha } from './mocha';

export function run(): Promise<void> {
  return runMocha(__dirname, (file) => !file.startsWith('installed'));
}
