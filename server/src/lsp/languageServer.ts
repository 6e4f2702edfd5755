/**
 * vscode-languageserver, imported once for the whole server. It is a CommonJS module, and in the
 * bundle esbuild copies all of its ~600 exports for each module that imports a value from it (ten
 * copies, 2–3 ms of every start). Server modules import its values from here.
 */
export * from 'vscode-languageserver';
