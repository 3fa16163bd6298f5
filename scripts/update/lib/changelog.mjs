// CHANGELOG.md sections ("## 1.2.0", "## [1.2.0] - date", "## v1.2.0 — date") between two versions.
import { bare, compareVersions, parseVersion } from './semver.mjs';

/** @returns {{ version: string, title: string, body: string }[]} in file order. */
export function parseChangelog(text) {
  const sections = [];
  let current = null;
  for (const line of String(text ?? '').split('\n')) {
    const m = /^##\s+\[?(v?\d+\.\d+\.\d+[^\]\s]*)\]?(.*)$/.exec(line);
    if (m && parseVersion(m[1])) {
      current = { version: bare(m[1]), title: line.replace(/^##\s+/, '').trim(), lines: [] };
      sections.push(current);
    } else if (/^##\s/.test(line)) {
      current = null; // "Unreleased" and other non-release headings
    } else if (current) {
      current.lines.push(line);
    }
  }
  return sections.map((s) => ({
    version: s.version,
    title: s.title,
    body: s.lines.join('\n').trim(),
  }));
}

/** Sections newer than `from` up to and including `to`, newest first. */
export function sectionsBetween(text, from, to) {
  return parseChangelog(text)
    .filter((s) => compareVersions(s.version, from) > 0 && compareVersions(s.version, to) <= 0)
    .sort((a, b) => compareVersions(b.version, a.version));
}
