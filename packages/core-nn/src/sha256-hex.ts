import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * SHA-256 (FIPS 180-4) of `bytes`, lower-case hex. Synchronous and free of Node builtins, so a
 * checkpoint manifest is verified the same way in a browser (WebCrypto only has an async digest,
 * and only in secure contexts) and in Node.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
