import { join } from 'node:path';
import { runWithCodeCache } from './codeCache';

// dist/server.js, what clients start: the server itself is dist/serverBundle.js, compiled from
// V8's code cache when there is one (codeCache.ts).
runWithCodeCache(join(__dirname, 'serverBundle.js'));
