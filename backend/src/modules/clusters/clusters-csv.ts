import {
  CLUSTER_CSV_COLUMNS,
  createClusterSchema,
  type CreateClusterInput,
} from '@multpanel/contracts';

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(field);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      field = '';
      line++;
      rowLine = line;
    } else field += ch;
  }
  cells.push(field);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

export interface CsvClusterRow {
  line: number;
  name: string | null;
  input?: CreateClusterInput;
  problems: string[];
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Turn CSV text into validated create inputs; each row carries its own problems. */
export function readClusterCsv(text: string): { rows: CsvClusterRow[]; headerProblems: string[] } {
  const all = parseCsv(text);
  if (all.length === 0) return { rows: [], headerProblems: ['the file is empty'] };
  const header = all[0].cells.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(CLUSTER_CSV_COLUMNS);
  const headerProblems = header
    .filter((h) => !known.has(h))
    .map((h) => `unknown column "${h}" (expected: ${CLUSTER_CSV_COLUMNS.join(', ')})`);
  for (const required of ['name', 'endpoints']) {
    if (!header.includes(required)) headerProblems.push(`missing column "${required}"`);
  }
  if (headerProblems.length) return { rows: [], headerProblems };

  const rows = all.slice(1).map(({ line, cells }): CsvClusterRow => {
    const get = (col: string) => {
      const i = header.indexOf(col);
      const v = i === -1 ? undefined : cells[i]?.trim();
      return v === '' ? undefined : v;
    };
    const problems: string[] = [];
    if (cells.length > header.length)
      problems.push(`has ${cells.length} cells, the header has ${header.length}`);
    const tokenId = get('token_id');
    const username = get('username');
    let credentials: unknown;
    if (tokenId) credentials = { type: 'token', tokenId, secret: get('token_secret') ?? '' };
    else if (username)
      credentials = { type: 'password', username, password: get('password') ?? '' };
    else problems.push('needs token_id + token_secret (preferred) or username + password');

    const candidate = {
      name: get('name') ?? '',
      endpoints: list(get('endpoints')).map((url) => ({ url })),
      credentials,
      fingerprint: get('fingerprint'),
      location: get('location'),
      tags: list(get('tags')),
    };
    // The CSV has one fingerprint column for the whole cluster; without it nothing is trusted.
    if (!candidate.fingerprint)
      problems.push('fingerprint: required (the SHA-256 fingerprint you confirmed)');
    const parsed = createClusterSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.filter((p) => typeof p === 'string').join('.') || 'row';
        if (where === 'credentials' && credentials === undefined) continue;
        if (!candidate.fingerprint && /fingerprint/.test(issue.message)) continue;
        problems.push(`${where}: ${issue.message}`);
      }
    }
    return {
      line,
      name: candidate.name || null,
      input: parsed.success && problems.length === 0 ? parsed.data : undefined,
      problems,
    };
  });

  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!row.name) continue;
    const key = row.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      row.problems.push(`name "${row.name}" repeats line ${first}`);
      row.input = undefined;
    } else seen.set(key, row.line);
  }
  return { rows, headerProblems };
}
