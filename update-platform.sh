#!/usr/bin/env bash
# Updates a Multpanel installation in place: records the running release, dumps the database, checks out the
# new code, installs, builds, migrates, reloads PM2 and checks health. Any failure after the checkout rolls
# back automatically (code and database) with rollback-platform.sh.
#   ./update-platform.sh [--ref origin/main] [--env-file /etc/multpanel/multpanel.env]
set -euo pipefail

APP_DIR="$(cd "$(dirname "$0")" && pwd)"
REF="origin/main"
ENV_FILE="${MULTPANEL_ENV_FILE:-/etc/multpanel/multpanel.env}"
HEALTH_URL="${MULTPANEL_HEALTH_URL:-http://127.0.0.1:8080/api/health}"
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) REF="$2"; shift 2 ;;
    --env-file) ENV_FILE="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
cd "$APP_DIR"
[ -f "$ENV_FILE" ] && { set -a; . "$ENV_FILE"; set +a; }
: "${DATABASE_URL:?DATABASE_URL is not set (env file $ENV_FILE)}"

STATE="$APP_DIR/.multpanel"
mkdir -p "$STATE/backups"
PREVIOUS="$(git rev-parse HEAD)"
echo "$PREVIOUS" > "$STATE/previous-release"
say "Running release: $PREVIOUS"

# Database dump before anything changes, so a failed migration can be undone.
DUMP="$STATE/backups/db-$(date -u +%Y%m%dT%H%M%SZ)-${PREVIOUS:0:12}.sql.gz"
say "Backing up the database to $DUMP"
"$APP_DIR/scripts/db-dump.sh" "$DATABASE_URL" | gzip > "$DUMP"
echo "$DUMP" > "$STATE/previous-backup"

say "Fetching $REF"
git fetch --quiet --all --tags
TARGET="$(git rev-parse "$REF^{commit}")"
if [ "$TARGET" = "$PREVIOUS" ]; then say "Already at $TARGET; nothing to do"; exit 0; fi

rollback() {
  say "Update failed: rolling back to $PREVIOUS"
  "$APP_DIR/rollback-platform.sh" --to "$PREVIOUS" --db-backup "$DUMP" --env-file "$ENV_FILE"
  exit 1
}
trap rollback ERR

git checkout --quiet --force --detach "$TARGET"
say "Installing dependencies"
npm install --no-audit --no-fund --loglevel=error
say "Building"
npm run build --silent
say "Applying migrations"
node backend/dist/cli.js migrate
say "Reloading processes"
"$APP_DIR/scripts/pm2-reload.sh"
say "Checking health at $HEALTH_URL"
"$APP_DIR/scripts/wait-healthy.sh" "$HEALTH_URL" 60
trap - ERR
say "Updated $PREVIOUS → $TARGET"
