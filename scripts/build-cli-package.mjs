// Fills packages/cli/ (the `tokenwise` npm package) from the built dist/ and, with --pack, packs
// it into dist/. It copies what dist/cli.js loads at run time, and nothing the editor needs:
// the CLI bundle, the tokenizer vocabularies it requires lazily, the price data and the
// tree-sitter runtime and grammars. Run `npm run build` first (npm run package:cli does both).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'packages/cli');
const dist = join(root, 'dist');

if (!existsSync(join(dist, 'cli.js'))) {
  console.error('build-cli-package: dist/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}

// One version for the extension, the package and `tokenwise --version`: a mismatch fails here
// rather than shipping a package that reports another version than it is.
const extensionVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const cliPackage = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const reported = execFileSync(process.execPath, [join(dist, 'cli.js'), '--version'], { encoding: 'utf8' }).trim();
if (cliPackage.version !== extensionVersion || reported !== extensionVersion) {
  console.error(`build-cli-package: versions differ: package.json ${extensionVersion}, packages/cli ${cliPackage.version}, tokenwise --version ${reported}`);
  process.exit(1);
}

const target = join(packageDir, 'dist');
rmSync(target, { recursive: true, force: true });
mkdirSync(join(target, 'encodings'), { recursive: true });
const runtimeFiles = readdirSync(dist).filter((name) => name === 'cli.js' || name === 'genai-prices.json' || name.endsWith('.wasm'));
for (const name of runtimeFiles) cpSync(join(dist, name), join(target, name));
// Every vocabulary the build wrote: the CLI requires them by name, and which ones exist is the
// bundler's decision (esbuild.mjs), not this script's.
for (const name of readdirSync(join(dist, 'encodings'))) cpSync(join(dist, 'encodings', name), join(target, 'encodings', name));
cpSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));
console.log(`packages/cli: ${runtimeFiles.length} runtime files and ${readdirSync(join(target, 'encodings')).length} vocabulary files copied`);

if (process.argv.includes('--pack')) {
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', dist], { cwd: packageDir, encoding: 'utf8' });
  const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(output);
  console.log(`dist/${filename}: ${(size / 1e6).toFixed(2)} MB packed, ${(unpackedSize / 1e6).toFixed(2)} MB unpacked, ${entryCount} files`);
}
