import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { answerCancelledRead, startServer } from '../lsp/server';
import { loadInlineFinder } from './inlineFinder';

// The entry point only builds the connection (stdio, IPC or socket, from argv) and the host
// services that need the disk; lsp/ does the rest.
startServer(createConnection(ProposedFeatures.all, { cancelUndispatched: answerCancelledRead }), { loadInlineFinder: () => loadInlineFinder() });
