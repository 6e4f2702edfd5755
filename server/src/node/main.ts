import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { answerCancelledRead, startServer } from '../lsp/server';
import { loadInlineFinder } from './inlineFinder';
import { createWorkerOffload } from './offload';
import { FIRST_SERVED_EVENT } from './codeCache';
import { nodeFileSystem } from './fileSystem';
import { collectAgentFiles } from './agentFiles';
import { measureMcpTools, readToolSnapshot, writeToolSnapshot } from './mcpTools';

// The entry point only builds the connection (stdio, IPC or socket, from argv) and the host
// services that need the disk; lsp/ does the rest.
const connection = createConnection(ProposedFeatures.all, { cancelUndispatched: answerCancelledRead });
startServer(connection, {
  fileSystem: nodeFileSystem,
  agentDisk: { collectAgentFiles, readToolSnapshot, measureMcpTools, writeToolSnapshot },
  loadInlineFinder: () => loadInlineFinder(),
  offload: createWorkerOffload((message) => connection.console.error(message)),
  // dist/server.js writes the code cache then (codeCache.ts).
  firstDocumentServed: () => (process as NodeJS.EventEmitter).emit(FIRST_SERVED_EVENT),
});
