// Prints shell assignments for the parts of a mysql:// URL: eval "$(node scripts/lib/db-url.mjs "$url")".
const u = new URL(process.argv[2]);
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const parts = {
  DB_HOST: u.hostname,
  DB_PORT: u.port || '3306',
  DB_USER: decodeURIComponent(u.username),
  DB_NAME: u.pathname.slice(1),
  MYSQL_PWD: decodeURIComponent(u.password),
};
process.stdout.write(
  Object.entries(parts)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join('\n') + '\nexport MYSQL_PWD\n',
);
