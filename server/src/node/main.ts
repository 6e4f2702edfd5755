import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';

// The entry point only builds the connection (stdio, IPC or socket, from argv); lsp/ does the rest.
startServer(createConnection(ProposedFeatures.all));
