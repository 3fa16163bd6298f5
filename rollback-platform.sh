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
exec node "$APP_DIR/scripts/update/engine.mjs" rollback
