// Opening a report: decrypt it with the team key, find the reporter's key (in the mail or inside
// the encryption) and check the reporter's signature. The plaintext stays in memory; callers decide
// whether a person may see it (`--show`), and nothing here writes it anywhere.
import type { PrivateKey, PublicKey } from 'openpgp';
import { decryptMessage, formatFingerprint, parsePublicKeys, verifyMessage, type InnerSignature } from '../crypto/index.ts';
import { decodeBody, decodeText, looksLikeMail, parseContentType, parseEntity, splitMultipart, toBinaryString, type MimeEntity } from '../crypto/mime.ts';
import { decodeHeaderWords } from './headers.ts';
import type { IncomingMail } from './mail.ts';

export type ReportFormat = 'pgp-mime' | 'inline-pgp' | 'plain-text';
/** valid: signed by `reporterKey` and checked; invalid: the check failed; unverified: signed by a key the mail does not carry. */
export type SignatureState = 'valid' | 'invalid' | 'unverified' | 'unsigned';

export interface OpenedReport {
  format: ReportFormat;
  /** The report in clear. Memory only. */
  text: string;
  /** A protected-headers subject (inside the encryption), when the client hid the real one. */
  innerSubject: string | null;
  /** Fingerprint of the reporter's key: the signer's, else the key the mail carries, else null. */
  reporterKey: string | null;
  signature: SignatureState;
  /** One sentence on the signature, for the operator and private.signature_note. */
  signatureNote: string;
  warnings: string[];
}

const PUBLIC_KEY = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g;
const CLEARSIGNED = /-----BEGIN PGP SIGNED MESSAGE-----[\s\S]*?-----END PGP SIGNATURE-----/;

export async function openReport(mail: IncomingMail, teamKey: PrivateKey, date: Date): Promise<OpenedReport> {
  const warnings: string[] = [];
  const outerKeys = await readKeys(mail.keys, warnings);
  if (!mail.encrypted) {
    warnings.push('the report was NOT encrypted: it crossed the network in clear — reply encrypted, and assume others may know of the issue');
    const reporterKey = pickKey(outerKeys, mail.from.address);
    return {
      format: 'plain-text',
      text: mail.plainText ?? '',
      innerSubject: null,
      reporterKey,
      signature: 'unsigned',
      signatureNote: 'not encrypted, not checked for a signature',
      warnings,
    };
  }

  let decrypted = await decryptMessage(mail.encrypted.armored, teamKey, { verificationKeys: outerKeys, date });
  const inner = readInner(decrypted.data, mail.encrypted.format);
  const innerKeys = await readKeys(inner.keys, warnings);
  const allKeys = [...outerKeys, ...innerKeys];
  // The reporter's key often travels inside the encryption: check the signature again with it.
  if (innerKeys.length > 0 && decrypted.signatures.some((s) => s.problem === 'unknown-key')) {
    decrypted = await decryptMessage(mail.encrypted.armored, teamKey, { verificationKeys: allKeys, date });
  }

  let state: { signature: SignatureState; signer: string | null; note: string };
  if (decrypted.signatures.length > 0) {
    state = fromInnerSignatures(decrypted.signatures);
  } else if (inner.signedEntity !== null) {
    const v = await verifyMessage(inner.signedEntity, allKeys, { date, keyLabel: "the reporter's key" });
    state = fromVerify(v);
  } else {
    state = { signature: 'unsigned', signer: null, note: 'encrypted but not signed' };
  }
  if (state.signature === 'invalid') warnings.push(`the reporter's signature does NOT verify (${state.note}) — do not trust the sender's identity until you have confirmed it`);
  if (state.signature === 'unverified') warnings.push(`the report is signed by key ${state.signer}, which the mail does not carry — ask the reporter for their public key`);

  return {
    format: mail.encrypted.format,
    text: inner.text,
    innerSubject: inner.subject,
    reporterKey: state.signer ?? pickKey(allKeys, mail.from.address),
    signature: state.signature,
    signatureNote: state.note,
    warnings,
  };
}

function fromInnerSignatures(signatures: InnerSignature[]): { signature: SignatureState; signer: string | null; note: string } {
  const good = signatures.find((s) => s.valid);
  if (good) return { signature: 'valid', signer: good.signer, note: `good signature by ${good.signer}${good.signedAt ? ` made ${good.signedAt.toISOString()}` : ''}` };
  const bad = signatures.find((s) => s.problem === 'bad');
  if (bad) return { signature: 'invalid', signer: bad.signer, note: `bad signature by ${bad.signer}: the report was changed after signing, or the key was not valid then` };
  const s = signatures[0];
  return { signature: 'unverified', signer: s.signer, note: `signed by ${s.signer}, a key the mail does not carry` };
}

function fromVerify(v: Awaited<ReturnType<typeof verifyMessage>>): { signature: SignatureState; signer: string | null; note: string } {
  if (v.valid) return { signature: 'valid', signer: v.signerFingerprint, note: `good signature by ${v.signerFingerprint}${v.signedAt ? ` made ${v.signedAt.toISOString()}` : ''}` };
  if (v.problem === 'unknown-key') return { signature: 'unverified', signer: v.signerFingerprint, note: `signed by ${v.signerFingerprint ?? 'an unknown key'}, a key the mail does not carry` };
  if (v.problem === 'no-signature') return { signature: 'unsigned', signer: null, note: 'encrypted but not signed' };
  return { signature: 'invalid', signer: v.signerFingerprint, note: v.message };
}

interface Inner {
  text: string;
  subject: string | null;
  keys: Uint8Array[];
  /** The decrypted content when it holds a signature of its own (RFC 3156 §6.1 or inline clearsigned). */
  signedEntity: string | null;
}

function readInner(data: Uint8Array, format: 'pgp-mime' | 'inline-pgp'): Inner {
  const binary = toBinaryString(data);
  if (format === 'pgp-mime' && (looksLikeMail(binary) || /^content-type:/i.test(binary))) {
    const root = parseEntity(binary);
    const texts: string[] = [];
    const keys: Uint8Array[] = [];
    let signed = false;
    walkInner(root, texts, keys, 0, () => (signed = true));
    const subject = root.headers.get('subject');
    return { text: texts.join('\n\n'), subject: subject ? decodeHeaderWords(subject) : null, keys, signedEntity: signed ? binary : null };
  }
  // Text-mode literal data is canonical CRLF; people read LF.
  const text = new TextDecoder().decode(data).replace(/\r\n/g, '\n');
  return {
    text,
    subject: null,
    keys: (text.match(PUBLIC_KEY) ?? []).map((k) => new Uint8Array(Buffer.from(k, 'utf8'))),
    signedEntity: CLEARSIGNED.test(text) ? text : null,
  };
}

function walkInner(entity: MimeEntity, texts: string[], keys: Uint8Array[], depth: number, onSigned: () => void): void {
  if (depth > 8) return;
  const ct = parseContentType(entity.headers.get('content-type'));
  if (ct.type.startsWith('multipart/')) {
    if (ct.type === 'multipart/signed') onSigned();
    const boundary = ct.params.get('boundary');
    if (!boundary) return;
    for (const part of splitMultipart(entity.body, boundary).parts) walkInner(parseEntity(part), texts, keys, depth + 1, onSigned);
    return;
  }
  if (ct.type === 'application/pgp-keys') keys.push(decodeBody(entity));
  else if (ct.type === 'text/plain') {
    const text = decodeText(entity);
    texts.push(text);
    for (const k of text.match(PUBLIC_KEY) ?? []) keys.push(new Uint8Array(Buffer.from(k, 'utf8')));
  }
}

async function readKeys(blobs: Uint8Array[], warnings: string[]): Promise<PublicKey[]> {
  const keys: PublicKey[] = [];
  for (const blob of blobs) {
    try {
      keys.push(...(await parsePublicKeys(blob, 'attached key')));
    } catch {
      warnings.push('the mail carries a key attachment that is not a readable OpenPGP public key; it was ignored');
    }
  }
  return keys;
}

/** The carried key whose user ID names the sender's address, else the first one. */
function pickKey(keys: PublicKey[], address: string | null): string | null {
  if (keys.length === 0) return null;
  const lower = address?.toLowerCase();
  const match = lower ? keys.find((k) => k.getUserIDs().some((u) => u.toLowerCase().includes(`<${lower}>`) || u.toLowerCase() === lower)) : undefined;
  return formatFingerprint((match ?? keys[0]).getFingerprint());
}
