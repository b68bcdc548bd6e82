// The public face of src/crypto: key loading, clearsigning, PGP/MIME, detached signatures and
// verification. Other areas import from here only (docs/signing.md describes the behaviour).
export {
  loadSigningKeyFromEnv,
  loadSigningKey,
  readPublicKeysFile,
  parsePublicKeys,
  formatFingerprint,
  findRepoRoot,
  SigningKeyError,
  KEY_FILE_ENV,
  PASSPHRASE_ENV,
  PASSPHRASE_FILE_ENV,
  type SigningKey,
  type SigningKeyProblem,
  type LoadSigningKeyOptions,
} from './keys.ts';
export { clearsign, normaliseForClearsign, type SignOptions } from './clearsign.ts';
export { detachedSignature, micalgOf, type DetachedSignature } from './detached.ts';
export { signPgpMime, formatMailDate, type PgpMimeMail, type PgpMimeAttachment, type SignedMail } from './pgp-mime.ts';
export { verifyMessage, verifyDetached, CLOCK_SKEW_MS, type VerifyResult, type VerifyOptions, type VerifyProblem, type SignedFormat } from './verify.ts';
export { decryptMessage, encryptToKey, keyIdsOf, DecryptError, type DecryptResult, type DecryptOptions, type DecryptProblem, type InnerSignature } from './decrypt.ts';
