// Builds a minimal instance of a JSON schema (every required property, the first allowed type or
// enum value), so the fake GitHub and Discourse servers can answer with bodies that validate
// against the vendored OpenAPI descriptions, then overwrite the fields that matter.
type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  'date-time': '2026-12-08T17:00:00Z',
  date: '2026-12-08',
  uri: 'https://example.invalid/',
  url: 'https://example.invalid/',
  email: 'nobody@example.invalid',
  uuid: '00000000-0000-4000-8000-000000000000',
};

export function sampleOf(schema: unknown, depth = 0): unknown {
  const s = (schema ?? {}) as Schema;
  if (depth > 40) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((p) => sampleOf(p, depth + 1));
    if (parts.every((p) => p && typeof p === 'object' && !Array.isArray(p))) return Object.assign({}, ...parts);
    return parts[0];
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      // Prefer null when allowed: the smallest valid value, and never a wrong guess at a pattern.
      const nullable = options.find((o) => (o as Schema).type === 'null');
      if (nullable) return null;
      return sampleOf(options[0], depth + 1);
    }
  }
  let type = s.type;
  if (Array.isArray(type)) type = type.includes('null') ? 'null' : type[0];
  if (type === undefined) type = s.properties ? 'object' : s.items ? 'array' : 'string';
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'string':
      return typeof s.format === 'string' && FORMATS[s.format] ? FORMATS[s.format] : 'x';
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: min }, () => sampleOf(s.items, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, unknown>;
      for (const name of (s.required as string[] | undefined) ?? []) out[name] = sampleOf(props[name], depth + 1);
      return out;
    }
    default:
      return null;
  }
}
