#!/usr/bin/env bash
# Updates this Multpanel installation to a release (an annotated tag vX.Y.Z on UPDATE_REMOTE, default
# origin) with the same engine the web console uses (System → Updates): pre-flight, database backup,
# checkout, install, build, migrate, zero-downtime PM2 reload, health gate, and an automatic rollback of
# code and database when any step fails. The log is kept in .multpanel/updates/runs/.
#   ./update-platform.sh --to v1.2.3 [--env-file /etc/multpanel/multpanel.env]
#   ./update-platform.sh --check            list newer releases
set -euo pipefail
APP_DIR="$(cd "$(dirname "$0")" && pwd)"
export MULTPANEL_ENV_FILE="${MULTPANEL_ENV_FILE:-/etc/multpanel/multpanel.env}"
TO=""
CHECK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --to) TO="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;
    --env-file) MULTPANEL_ENV_FILE="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
# exec: the checkout rewrites this very file, which bash would otherwise go on reading.
[ "$CHECK" = 1 ] && exec node "$APP_DIR/scripts/update/engine.mjs" check
[ -n "$TO" ] || { echo "name the release: --to vX.Y.Z (see --check)" >&2; exit 2; }
# As root on an installation owned by its service user (install.sh), run as that user: git refuses a
# checkout owned by someone else, and PM2 is that user's.
OWNER="$(stat -c %U "$APP_DIR")"
if [ "$(id -u)" -eq 0 ] && [ "$OWNER" != root ]; then
  exec runuser -u "$OWNER" -- env HOME="$(getent passwd "$OWNER" | cut -d: -f6)" \
    MULTPANEL_ENV_FILE="$MULTPANEL_ENV_FILE" node "$APP_DIR/scripts/update/engine.mjs" update --to "$TO"
fi
exec node "$APP_DIR/scripts/update/engine.mjs" update --to "$TO"
