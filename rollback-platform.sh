#!/usr/bin/env bash
# Rolls this Multpanel installation back to the release before the last successful update, with the
# database backup taken by that update (restored into a clean schema), using the same engine as the web
# console (System → Updates → Roll back). The current database is saved first.
#   ./rollback-platform.sh [--env-file /etc/multpanel/multpanel.env]
set -euo pipefail
APP_DIR="$(cd "$(dirname "$0")" && pwd)"
export MULTPANEL_ENV_FILE="${MULTPANEL_ENV_FILE:-/etc/multpanel/multpanel.env}"
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) MULTPANEL_ENV_FILE="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
# As root on an installation owned by its service user (install.sh), run as that user: git refuses a
# checkout owned by someone else, and PM2 is that user's.
OWNER="$(stat -c %U "$APP_DIR")"
if [ "$(id -u)" -eq 0 ] && [ "$OWNER" != root ]; then
  exec runuser -u "$OWNER" -- env HOME="$(getent passwd "$OWNER" | cut -d: -f6)" \
    MULTPANEL_ENV_FILE="$MULTPANEL_ENV_FILE" node "$APP_DIR/scripts/update/engine.mjs" rollback
fi
exec node "$APP_DIR/scripts/update/engine.mjs" rollback
