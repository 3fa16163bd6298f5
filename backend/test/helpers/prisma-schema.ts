import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// A small reader for the subset of schema.prisma this project uses, producing what Prisma's MySQL
// migrations create for it (tables, columns, keys, indexes, foreign keys). Unknown attributes fail
// loudly so the agreement test never silently ignores part of the schema.

export const SCHEMA_PATH = resolve(__dirname, '..', '..', '..', 'prisma', 'schema.prisma');

export interface ExpectedColumn {
  name: string;
  dataType: string; // information_schema DATA_TYPE
  length: number | null; // char/varchar length
  enumValues: string[] | null;
  nullable: boolean;
  default: string | null; // normalised
}
export interface ExpectedIndex {
  name: string;
  unique: boolean;
  columns: string[];
}
export interface ExpectedForeignKey {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}
export interface ExpectedTable {
  name: string;
  columns: ExpectedColumn[];
  primaryKey: string[];
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
}

const SCALARS = new Set([
  'String',
  'Int',
  'BigInt',
  'Boolean',
  'DateTime',
  'Json',
  'Float',
  'Decimal',
  'Bytes',
]);
const KNOWN_FIELD_ATTRS = new Set(['id', 'unique', 'default', 'updatedAt', 'relation', 'map']);

interface Attr {
  name: string;
  args: string;
}

function parseAttrs(text: string): Attr[] {
  const out: Attr[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '@') {
      i++;
      continue;
    }
    const m = /^@+([\w.]+)/.exec(text.slice(i));
    if (!m) break;
    i += m[0].length;
    let args = '';
    if (text[i] === '(') {
      let depth = 0;
      const start = i;
      for (; i < text.length; i++) {
        if (text[i] === '(') depth++;
        if (text[i] === ')' && --depth === 0) break;
      }
      args = text.slice(start + 1, i);
      i++;
    }
    out.push({ name: m[1], args });
  }
  return out;
}

const listArg = (args: string, key?: string): string[] => {
  const m = key
    ? new RegExp(`${key}\\s*:\\s*\\[([^\\]]*)\\]`).exec(args)
    : /^\s*\[([^\]]*)\]/.exec(args);
  return m
    ? m[1]
        .split(',')
        .map((s) => s.trim().replace(/\(.*\)$/, ''))
        .filter(Boolean)
    : [];
};
const namedArg = (args: string, key: string): string | null => {
  const m = new RegExp(`${key}\\s*:\\s*"?([\\w]+)"?`).exec(args);
  return m ? m[1] : null;
};

function stripComment(line: string): string {
  const i = line.indexOf('//');
  return (i >= 0 ? line.slice(0, i) : line).trim();
}

export function readExpectedSchema(path = SCHEMA_PATH): ExpectedTable[] {
  // Comments may contain braces; drop them before finding blocks.
  const text = readFileSync(path, 'utf8').split('\n').map(stripComment).join('\n');
  const enums = new Map<string, string[]>();
  for (const m of text.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    enums.set(m[1], m[2].split('\n').map(stripComment).filter(Boolean));
  }
  const blocks = [...text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)];
  const models = new Set(blocks.map((b) => b[1]));
  const tableNameOf = new Map<string, string>();
  for (const [, name, body] of blocks) {
    const map = /@@map\("(\w+)"\)/.exec(body);
    tableNameOf.set(name, map ? map[1] : name);
  }

  return blocks.map(([, model, body]) => {
    const table = tableNameOf.get(model)!;
    const t: ExpectedTable = {
      name: table,
      columns: [],
      primaryKey: [],
      indexes: [],
      foreignKeys: [],
    };
    const colName = new Map<string, string>();
    const relations: {
      fields: string[];
      refs: string[];
      target: string;
      optional: boolean;
      args: string;
    }[] = [];

    for (const raw of body.split('\n')) {
      const line = stripComment(raw);
      if (!line || line.startsWith('@@')) continue;
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!m) throw new Error(`cannot read line in model ${model}: ${line}`);
      const [, field, type, list, optional, rest] = m;
      const attrs = parseAttrs(rest);
      if (models.has(type)) {
        const rel = attrs.find((a) => a.name === 'relation');
        if (!list && rel && /fields\s*:/.test(rel.args)) {
          relations.push({
            fields: listArg(rel.args, 'fields'),
            refs: listArg(rel.args, 'references'),
            target: type,
            optional: Boolean(optional),
            args: rel.args,
          });
        }
        continue;
      }
      if (list) throw new Error(`scalar lists are not supported by MySQL (${model}.${field})`);
      for (const a of attrs) {
        if (!KNOWN_FIELD_ATTRS.has(a.name) && !a.name.startsWith('db.')) {
          throw new Error(`unsupported attribute @${a.name} on ${model}.${field}`);
        }
      }
      const mapAttr = attrs.find((a) => a.name === 'map');
      const column = mapAttr ? mapAttr.args.replace(/"/g, '') : field;
      colName.set(field, column);
      const native = attrs.find((a) => a.name.startsWith('db.'));
      t.columns.push({
        name: column,
        ...columnType(type, native, enums),
        nullable: Boolean(optional),
        default: defaultOf(attrs.find((a) => a.name === 'default')?.args ?? null, type, native),
      });
      if (attrs.some((a) => a.name === 'id')) t.primaryKey = [column];
      if (attrs.some((a) => a.name === 'unique')) {
        t.indexes.push({ name: `${table}_${column}_key`, unique: true, columns: [column] });
      }
    }
    const cols = (fields: string[]) => fields.map((f) => colName.get(f) ?? f);
    for (const raw of body.split('\n')) {
      const line = stripComment(raw);
      if (!line.startsWith('@@')) continue;
      const [a] = parseAttrs(line);
      const fields = cols(listArg(a.args));
      const explicit = /map\s*:\s*"(\w+)"/.exec(a.args)?.[1];
      if (a.name === 'id') t.primaryKey = fields;
      else if (a.name === 'unique')
        t.indexes.push({
          name: explicit ?? `${table}_${fields.join('_')}_key`,
          unique: true,
          columns: fields,
        });
      else if (a.name === 'index')
        t.indexes.push({
          name: explicit ?? `${table}_${fields.join('_')}_idx`,
          unique: false,
          columns: fields,
        });
      else if (a.name !== 'map')
        throw new Error(`unsupported block attribute @@${a.name} in ${model}`);
    }
    for (const r of relations) {
      const fields = cols(r.fields);
      t.foreignKeys.push({
        name: `${table}_${fields.join('_')}_fkey`,
        columns: fields,
        refTable: tableNameOf.get(r.target)!,
        refColumns: r.refs,
        onDelete: action(namedArg(r.args, 'onDelete') ?? (r.optional ? 'SetNull' : 'Restrict')),
        onUpdate: action(namedArg(r.args, 'onUpdate') ?? 'Cascade'),
      });
    }
    return t;
  });
}

function action(a: string): string {
  return (
    {
      Cascade: 'CASCADE',
      Restrict: 'RESTRICT',
      SetNull: 'SET NULL',
      NoAction: 'NO ACTION',
      SetDefault: 'SET DEFAULT',
    }[a] ?? a
  );
}

function columnType(type: string, native: Attr | undefined, enums: Map<string, string[]>) {
  const n = native?.name.slice(3);
  const len = native?.args ? Number(native.args.split(',')[0]) : null;
  if (enums.has(type)) return { dataType: 'enum', length: null, enumValues: enums.get(type)! };
  if (!SCALARS.has(type)) throw new Error(`unknown type ${type}`);
  const simple = (dataType: string, length: number | null = null) => ({
    dataType,
    length,
    enumValues: null,
  });
  switch (type) {
    case 'String':
      if (!n) return simple('varchar', 191);
      if (n === 'VarChar') return simple('varchar', len);
      if (n === 'Char') return simple('char', len);
      return simple(n.toLowerCase());
    case 'Int':
      return simple(n ? n.toLowerCase().replace('unsigned', '') : 'int');
    case 'BigInt':
      return simple('bigint');
    case 'Boolean':
      return simple('tinyint');
    case 'DateTime':
      return simple(n ? n.toLowerCase() : 'datetime');
    case 'Json':
      return simple('json');
    case 'Float':
      return simple(n === 'Float' ? 'float' : 'double');
    case 'Decimal':
      return simple('decimal');
    case 'Bytes':
      return simple(n ? n.toLowerCase() : 'longblob');
    default:
      return simple(type.toLowerCase());
  }
}

function defaultOf(
  args: string | null,
  type: string,
  native?: { name: string; args: string },
): string | null {
  if (args === null) return null;
  const v = args.trim();
  // MariaDB reports a DECIMAL(p, s) default with all s decimals (0 → 0.000000).
  const scale = type === 'Decimal' ? /,\s*(\d+)/.exec(native?.args ?? '')?.[1] : undefined;
  if (scale !== undefined) return Number(v).toFixed(Number(scale));
  // Client-side defaults leave no trace in the database.
  if (/^(uuid|cuid|nanoid|ulid)\(/.test(v)) return null;
  if (v === 'now()') return 'current_timestamp(3)';
  if (v === 'autoincrement()') return null;
  if (type === 'Boolean') return v === 'true' ? '1' : '0';
  return v.replace(/^"(.*)"$/, '$1');
}
