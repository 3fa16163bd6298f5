#!/usr/bin/env bash
# Zero-downtime reload of the PM2 apps (starts them when they are not running yet).
# MULTPANEL_NO_PM2=1 skips it (processes managed another way, e.g. in tests).
set -euo pipefail
[ "${MULTPANEL_NO_PM2:-0}" = "1" ] && exit 0
cd "$(dirname "$0")/.."
pm2 startOrReload ecosystem.config.js --update-env
pm2 save >/dev/null
