// Checking a signed announcement as it travels: from the raw RFC 5322 bytes (what we hand to the
// SMTP server, or what a test server received), take the inline body and the attached signed
// copy, and verify both. A mail whose body was re-encoded on the way still verifies if the text is
// intact; one whose text changed does not.
import { decodeText, parseContentType, parseEntity, splitMultipart, toBinaryString } from '../crypto/mime.ts';
import { verifyClearsigned, type VerifyResult } from './signing.ts';

export interface MailSignatureCheck {
  body: VerifyResult;
  /** The attached announcement.txt.asc, when there is one. */
  attachment?: VerifyResult;
}

function textParts(raw: string): { body?: string; attachment?: string } {
  const top = parseEntity(raw);
  const type = parseContentType(top.headers.get('content-type'));
  if (!type.type.startsWith('multipart/')) return { body: decodeText(top) };
  const boundary = type.params.get('boundary');
  if (!boundary) return {};
  const out: { body?: string; attachment?: string } = {};
  for (const part of splitMultipart(top.body, boundary).parts) {
    const entity = parseEntity(part);
    const disposition = entity.headers.get('content-disposition') ?? '';
    const partType = parseContentType(entity.headers.get('content-type'));
    if (/filename="?announcement\.txt\.asc"?/i.test(disposition)) out.attachment = decodeText(entity);
    else if (out.body === undefined && partType.type === 'text/plain' && !/attachment/i.test(disposition)) out.body = decodeText(entity);
  }
  return out;
}

export async function verifySignedMail(raw: Uint8Array | string, armoredPublicKeys: string, date: Date = new Date()): Promise<MailSignatureCheck> {
  const { body, attachment } = textParts(toBinaryString(raw));
  const bodyResult = body === undefined ? { valid: false, text: '', error: 'the mail has no text/plain body' } : await verifyClearsigned(body, armoredPublicKeys, date);
  return {
    body: bodyResult,
    attachment: attachment === undefined ? undefined : await verifyClearsigned(attachment, armoredPublicKeys, date),
  };
}
