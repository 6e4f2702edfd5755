import { constants, publicEncrypt } from 'node:crypto';
import { SealingKeyRequest } from '../../server/src/shared/protocol';

/** Seals `apiKey` for the server whose public key (PEM) `tokenwise/sealingKey` returned. Base64. */
export function sealApiKey(publicKeyPem: string, apiKey: string): string {
  return publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: SealingKeyRequest.oaepHash }, Buffer.from(apiKey, 'utf8')).toString('base64');
}
