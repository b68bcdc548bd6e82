// Detached signatures over exact bytes: the building block of PGP/MIME (RFC 3156) and of signed
// files (patches, the attached announcement).
import * as openpgp from 'openpgp';
import type { PrivateKey } from 'openpgp';
import { now } from '../clock.ts';
import type { SignOptions } from './clearsign.ts';

export interface DetachedSignature {
  /** -----BEGIN PGP SIGNATURE----- … */
  armored: string;
  /** The hash the signature actually used, as RFC 3156 spells it in micalg: "pgp-sha512". */
  micalg: string;
}

/** A binary-mode (type 0x00) signature over `bytes` exactly as given: nothing is canonicalised. */
export async function detachedSignature(bytes: Uint8Array | string, key: PrivateKey, options: SignOptions = {}): Promise<DetachedSignature> {
  const binary = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const message = await openpgp.createMessage({ binary });
  const armored = await openpgp.sign({ message, signingKeys: key, detached: true, date: options.date ?? now() });
  return { armored, micalg: await micalgOf(armored) };
}

/** micalg for a signature: read from the signature packet, so it always matches what was used. */
export async function micalgOf(armoredSignature: string): Promise<string> {
  const signature = await openpgp.readSignature({ armoredSignature });
  const algo = signature.packets[0]?.hashAlgorithm;
  const name = algo == null ? 'unknown' : String(openpgp.enums.read(openpgp.enums.hash, algo));
  return `pgp-${name.toLowerCase()}`;
}
