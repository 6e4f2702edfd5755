export * from './kinds';
export * from './harness';
export * from './mcp';
export * from './context';
export { readAgentHeader, type AgentFileHeader } from './frontMatter';
export * from './checks';
