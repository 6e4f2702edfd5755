import { constants, publicEncrypt } from 'node:crypto';

/**
 * API keys never travel in clear in LSP messages: with `tokenwise.trace.server: "verbose"` the
 * language client writes every request's params to the output channel. The client seals a key
 * with the server's public key (RSA-OAEP, SHA-256) before sending it; the private key exists only
 * in the server's memory for the life of the process, so a trace, a log or a screen share of the
 * output channel shows a ciphertext nobody can open.
 */
export const SEALING_PADDING = constants.RSA_PKCS1_OAEP_PADDING;
export const SEALING_HASH = 'sha256';

/** Seals `apiKey` for the server whose public key (PEM) `tokenwise/sealingKey` returned. Base64. */
export function sealApiKey(publicKeyPem: string, apiKey: string): string {
  return publicEncrypt({ key: publicKeyPem, padding: SEALING_PADDING, oaepHash: SEALING_HASH }, Buffer.from(apiKey, 'utf8')).toString('base64');
}
