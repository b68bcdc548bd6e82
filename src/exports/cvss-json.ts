// CVSS vectors as FIRST's JSON objects (cvss-v3.1.json, CVSS 4.0 JSON), which both CVE JSON 5
// (`cvssV3_1`, `cvssV4_0`) and CSAF 2.0 (`cvss_v3`) embed. Only base metrics are spelled out: they
// are what the advisory's vector must set, and every property given must agree with the vector
// (CSAF test 6.1.10), so leaving optional ones out is always consistent.
import { scoreCvss, type CvssVersion } from '../advisory/cvss.ts';

type Names = Record<string, Record<string, string>>;

const CIA3 = { N: 'NONE', L: 'LOW', H: 'HIGH' };
const V3_BASE: Names = {
  AV: { N: 'NETWORK', A: 'ADJACENT_NETWORK', L: 'LOCAL', P: 'PHYSICAL' },
  AC: { L: 'LOW', H: 'HIGH' },
  PR: { N: 'NONE', L: 'LOW', H: 'HIGH' },
  UI: { N: 'NONE', R: 'REQUIRED' },
  S: { U: 'UNCHANGED', C: 'CHANGED' },
  C: CIA3,
  I: CIA3,
  A: CIA3,
};
const V3_FIELDS: Record<string, string> = {
  AV: 'attackVector',
  AC: 'attackComplexity',
  PR: 'privilegesRequired',
  UI: 'userInteraction',
  S: 'scope',
  C: 'confidentialityImpact',
  I: 'integrityImpact',
  A: 'availabilityImpact',
};

const CIA4 = { H: 'HIGH', L: 'LOW', N: 'NONE' };
const V4_BASE: Names = {
  AV: { N: 'NETWORK', A: 'ADJACENT', L: 'LOCAL', P: 'PHYSICAL' },
  AC: { L: 'LOW', H: 'HIGH' },
  AT: { N: 'NONE', P: 'PRESENT' },
  PR: { N: 'NONE', L: 'LOW', H: 'HIGH' },
  UI: { N: 'NONE', P: 'PASSIVE', A: 'ACTIVE' },
  VC: CIA4,
  VI: CIA4,
  VA: CIA4,
  SC: CIA4,
  SI: CIA4,
  SA: CIA4,
};
const V4_FIELDS: Record<string, string> = {
  AV: 'attackVector',
  AC: 'attackComplexity',
  AT: 'attackRequirements',
  PR: 'privilegesRequired',
  UI: 'userInteraction',
  VC: 'vulnConfidentialityImpact',
  VI: 'vulnIntegrityImpact',
  VA: 'vulnAvailabilityImpact',
  SC: 'subConfidentialityImpact',
  SI: 'subIntegrityImpact',
  SA: 'subAvailabilityImpact',
};

export interface CvssJson {
  version: CvssVersion;
  vectorString: string;
  baseScore: number;
  baseSeverity: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  [metric: string]: string | number;
}

/** FIRST's JSON form of a (strictly valid) CVSS 3.1 or 4.0 vector, with the computed score. */
export function cvssJson(vector: string): CvssJson {
  const scored = scoreCvss(vector);
  const [names, fields] = scored.version === '3.1' ? [V3_BASE, V3_FIELDS] : [V4_BASE, V4_FIELDS];
  const out: CvssJson = {
    version: scored.version,
    vectorString: vector,
    baseScore: scored.score,
    baseSeverity: scored.band.toUpperCase() as CvssJson['baseSeverity'],
  };
  for (const part of vector.split('/').slice(1)) {
    const [metric, value] = part.split(':');
    const field = fields[metric];
    if (field !== undefined) out[field] = names[metric][value];
  }
  return out;
}
