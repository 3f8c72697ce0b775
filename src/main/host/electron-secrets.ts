// Electron SecretStore: values encrypted with safeStorage (Keychain, DPAPI, libsecret/kwallet)
// and kept as base64 ciphertext in a 0600 file in the data directory. Where the OS offers no
// keyring (safeStorage unavailable, or Linux's 'basic_text' fallback), it says so and the
// headless file store is used. Runtime: electron-main.
import type { SafeStorage } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../engine/log.ts';
import type { Notices } from '../engine/notices.ts';
import type { SecretStore } from '../engine/feeds/common/secret-store.ts';
import { FileSecretStore, SECRETS_FILE } from '../engine/feeds/common/secret-store-node.ts';

export const ENCRYPTED_SECRETS_FILE = 'secrets.enc.json';

type Crypto = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

class SafeStorageSecretStore implements SecretStore {
  readonly protection = 'os-keyring' as const;
  readonly #crypto: Crypto;
  readonly #file: FileSecretStore;
  readonly #log: Logger;

  constructor(dataDir: string, crypto: Crypto, log: Logger, notices?: Notices) {
    this.#crypto = crypto;
    this.#log = log;
    // The file holds ciphertext only; its own "no keyring" notice does not apply.
    this.#file = new FileSecretStore(join(dataDir, ENCRYPTED_SECRETS_FILE), (level, message) => { if (level === 'error') log(level, message); }, notices ? { notices } : {});
  }

  get(name: string): string | null {
    const sealed = this.#file.get(name);
    if (sealed === null) return null;
    try {
      return this.#crypto.decryptString(Buffer.from(sealed, 'base64'));
    } catch (err) {
      this.#log('error', `secret '${name}' cannot be decrypted (${(err as Error).message}); it must be entered again`);
      return null;
    }
  }

  set(name: string, value: string): void {
    this.#file.set(name, this.#crypto.encryptString(value).toString('base64'));
  }

  delete(name: string): void {
    this.#file.delete(name);
  }
}

/** The best store this machine offers: OS-encrypted when it can, else the 0600 file (with its warning). */
export function openElectronSecrets(dataDir: string, crypto: Crypto, log: Logger, notices?: Notices): SecretStore {
  const backend = crypto.getSelectedStorageBackend?.();
  if (crypto.isEncryptionAvailable() && backend !== 'basic_text') return new SafeStorageSecretStore(dataDir, crypto, log, notices);
  log('warn', `the OS keyring is unavailable${backend ? ` (safeStorage backend '${backend}')` : ''}: Upstox secrets fall back to a 0600 file`);
  return new FileSecretStore(join(dataDir, SECRETS_FILE), log, notices ? { notices } : {});
}
