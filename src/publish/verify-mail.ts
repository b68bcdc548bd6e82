// Checking a signed announcement as it travels: from the raw RFC 5322 bytes (what we hand to the
// SMTP server, or what a test server received), verify the inline body (src/crypto finds and
// decodes it) and, separately, the attached signed copy. A mail re-encoded on the way still
// verifies if the text is intact; one whose text changed does not.
import { decodeText, parseContentType, parseEntity, splitMultipart, toBinaryString } from '../crypto/mime.ts';
import { verifyClearsigned, type VerifyResult } from './signing.ts';

export interface MailSignatureCheck {
  body: VerifyResult;
  /** The attached signed copy (`*.txt.asc`), when there is one. */
  attachment?: VerifyResult;
}

function attachedCopy(raw: string): string | undefined {
  const top = parseEntity(raw);
  const type = parseContentType(top.headers.get('content-type'));
  const boundary = type.params.get('boundary');
  if (!type.type.startsWith('multipart/') || !boundary) return undefined;
  for (const part of splitMultipart(top.body, boundary).parts) {
    const entity = parseEntity(part);
    if (/filename="?[^";]*\.txt\.asc"?/i.test(entity.headers.get('content-disposition') ?? '')) return decodeText(entity);
  }
  return undefined;
}

export async function verifySignedMail(raw: Uint8Array | string, armoredPublicKeys: string, date: Date = new Date()): Promise<MailSignatureCheck> {
  const attachment = attachedCopy(toBinaryString(raw));
  return {
    body: await verifyClearsigned(raw, armoredPublicKeys, date),
    attachment: attachment === undefined ? undefined : await verifyClearsigned(attachment, armoredPublicKeys, date),
  };
}
