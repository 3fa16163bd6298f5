#!/usr/bin/env bash
# Returns a Multpanel installation to an earlier release: code (git), dependencies, build, and optionally the
# database from a dump taken by update-platform.sh; then reloads PM2 and checks health.
#   ./rollback-platform.sh [--to <commit>] [--db-backup <file.sql.gz>] [--env-file /etc/multpanel/multpanel.env]
# Without --to it goes back to the release recorded by the last update.
set -euo pipefail

APP_DIR="$(cd "$(dirname "$0")" && pwd)"
ENV_FILE="${MULTPANEL_ENV_FILE:-/etc/multpanel/multpanel.env}"
HEALTH_URL="${MULTPANEL_HEALTH_URL:-http://127.0.0.1:8080/api/health}"
TO=""
BACKUP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --to) TO="$2"; shift 2 ;;
    --db-backup) BACKUP="$2"; shift 2 ;;
    --env-file) ENV_FILE="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
cd "$APP_DIR"
[ -f "$ENV_FILE" ] && { set -a; . "$ENV_FILE"; set +a; }
STATE="$APP_DIR/.multpanel"
if [ -z "$TO" ]; then
  [ -f "$STATE/previous-release" ] || { echo "no previous release recorded; pass --to <commit>" >&2; exit 2; }
  TO="$(cat "$STATE/previous-release")"
  [ -n "$BACKUP" ] || BACKUP="$(cat "$STATE/previous-backup" 2>/dev/null || true)"
fi

say "Rolling back to $TO"
git checkout --quiet --force --detach "$TO"
if [ -n "$BACKUP" ]; then
  : "${DATABASE_URL:?DATABASE_URL is not set (env file $ENV_FILE)}"
  say "Restoring the database from $BACKUP"
  gunzip -c "$BACKUP" | "$APP_DIR/scripts/db-restore.sh" "$DATABASE_URL"
fi
say "Installing dependencies"
npm install --no-audit --no-fund --loglevel=error
say "Building"
npm run build --silent
say "Reloading processes"
"$APP_DIR/scripts/pm2-reload.sh"
"$APP_DIR/scripts/wait-healthy.sh" "$HEALTH_URL" 60
say "Rolled back to $TO"
