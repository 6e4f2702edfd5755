import { constants, generateKeyPair, privateDecrypt, type KeyObject } from 'node:crypto';
import { SealingKeyRequest } from '../shared/protocol';

/**
 * The server's half of key sealing (see `SealingKeyRequest`): an RSA key pair made on first use
 * (off the main thread: `generateKeyPair` runs in libuv's pool), kept only in memory, and used
 * to open the sealed API keys of "Count Exactly" and "Compress Prompt with LLM".
 */
export class KeySealer {
  private pair: Promise<{ publicKey: string; privateKey: KeyObject }> | undefined;

  /** The public key (PEM, SPKI) the client seals keys with. */
  async publicKey(): Promise<string> {
    return (await this.keys()).publicKey;
  }

  /** The API key inside `sealed`, or null when it was not sealed with this server's key. */
  async open(sealed: string): Promise<string | null> {
    const { privateKey } = await this.keys();
    try {
      return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: SealingKeyRequest.oaepHash }, Buffer.from(sealed, 'base64')).toString('utf8');
    } catch {
      return null;
    }
  }

  private keys(): Promise<{ publicKey: string; privateKey: KeyObject }> {
    this.pair ??= new Promise((resolve, reject) => {
      generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => {
        if (error) reject(error);
        else resolve({ publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey });
      });
    });
    return this.pair;
  }
}
