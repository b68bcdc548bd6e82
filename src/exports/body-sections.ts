// Finding parts of the advisory body that exports carry on their own: a per-CVE section
// (`## CVE-2026-21001: stack overflow …`, spec §6) or the Overview, for CVE descriptions and CSAF
// vulnerability notes. Line-based on purpose: `##` headings are the body's only structure here.

export interface BodySection {
  /** Heading text without the "## ". */
  heading: string;
  /** Markdown between this heading and the next `##` heading, trimmed. */
  markdown: string;
}

export function bodySections(body: string): BodySection[] {
  const sections: BodySection[] = [];
  let current: { heading: string; lines: string[] } | null = null;
  let inFence = false;
  for (const line of body.split('\n')) {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) {
      if (current) sections.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
      current = { heading: m[1], lines: [] };
    } else if (current) current.lines.push(line);
  }
  if (current) sections.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
  return sections;
}

/** The section about one CVE (its heading starts with the CVE id), if the body has one. */
export function cveSection(body: string, cve: string): BodySection | undefined {
  return bodySections(body).find((s) => s.heading === cve || s.heading.startsWith(`${cve}:`) || s.heading.startsWith(`${cve} `));
}

/** The heading's text after "CVE-…: ", e.g. "stack overflow when parsing nested groups". */
export function cveSectionTitle(section: BodySection): string {
  return section.heading.replace(/^CVE-\d{4}-\d+\s*[:—–-]?\s*/, '');
}

export function overviewSection(body: string): BodySection | undefined {
  return bodySections(body).find((s) => /^overview$/i.test(s.heading));
}

/**
 * Markdown → plain text good enough for a CVE description: no code ticks, emphasis or reference
 * markers, links reduced to their text, paragraphs kept.
 */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/^\[[^\]]+\]:\s+\S+.*$/gm, '')
    .replace(/!?\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/\s?\[\d+\]/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_]([^*_\n]+)[*_](?=\W|$)/g, '$1$2')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    // Hard-wrapped paragraphs become one line; lists keep one item per line.
    .map((p) => (/^\s*([-*+]|\d+\.)\s/m.test(p) ? p : p.replace(/\s*\n\s*/g, ' ')))
    .join('\n\n');
}

/**
 * A vulnerability's title: from its CVE section's heading when the body has one ("Stack overflow
 * when parsing nested groups in rivet-regex"), else the advisory's title.
 */
export function vulnerabilityTitle(title: string, body: string, packages: string[], cve: string | undefined): string {
  const section = cve ? cveSection(body, cve) : undefined;
  const heading = section ? cveSectionTitle(section) : '';
  if (!heading) return title;
  const text = heading.charAt(0).toUpperCase() + heading.slice(1);
  const names = [...new Set(packages)];
  return names.length && !names.some((n) => text.includes(n)) ? `${text} in ${names.join(', ')}` : text;
}
