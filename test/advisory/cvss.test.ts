import { describe, expect, it } from 'vitest';
import { CvssError, scoreCvss } from '../../src/advisory/cvss.ts';

describe('scoreCvss', () => {
  it('scores a complete 3.1 vector with FIRST\'s formula', () => {
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toMatchObject({ score: 9.8, band: 'critical', version: '3.1' });
  });
  it('scores a complete 4.0 vector', () => {
    expect(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N')).toMatchObject({ score: 5.3, band: 'medium' });
  });
  it('rejects a partial vector, naming the missing metric', () => {
    expect(() => scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toThrow(/base metric A missing/);
  });
  it('rejects metrics out of canonical order and shows the canonical form', () => {
    expect(() => scoreCvss('CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H')).toThrow(/canonical form is CVSS:3\.1\/AV:N\/AC:L/);
  });
  it('rejects unknown values, duplicates and other versions', () => {
    expect(() => scoreCvss('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toThrow(CvssError);
    expect(() => scoreCvss('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toThrow(/twice/);
    expect(() => scoreCvss('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toThrow(/3\.1 and 4\.0/);
  });
  it('accepts optional temporal metrics in canonical order', () => {
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RC:C').score).toBe(9.8);
  });
});
