#!/usr/bin/env bash
# Dumps the database named in a mysql:// URL to stdout (used before updates).
set -euo pipefail
eval "$(node "$(dirname "$0")/lib/db-url.mjs" "$1")"
dump="$(command -v mariadb-dump || command -v mysqldump)"
"$dump" --single-transaction --routines --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" "$DB_NAME"
