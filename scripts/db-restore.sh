#!/usr/bin/env bash
# Restores SQL from stdin into the database named in a mysql:// URL (used by rollbacks).
set -euo pipefail
eval "$(node "$(dirname "$0")/lib/db-url.mjs" "$1")"
client="$(command -v mariadb || command -v mysql)"
"$client" --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" "$DB_NAME"
