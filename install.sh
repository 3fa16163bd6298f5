#!/usr/bin/env bash
# Production install of Multpanel on a clean Debian 12 / Ubuntu 22.04+ server, run as root from a clone:
#   sudo ./install.sh [--domain panel.example.com] [--admin-email you@example.com] [--dir /opt/multpanel]
# Installs MariaDB, Redis, Nginx and PM2; creates the database, a system user and the env file with fresh
# secrets; builds; applies migrations; creates the first super_admin (one-time password printed once);
# starts API + worker under PM2 and puts Nginx in front. Safe to re-run: existing secrets and data are kept.
set -euo pipefail

DOMAIN="_"
ADMIN_EMAIL=""
APP_DIR="/opt/multpanel"
ENV_DIR="/etc/multpanel"
ENV_FILE="$ENV_DIR/multpanel.env"
SRC_DIR="$(cd "$(dirname "$0")" && pwd)"

while [ $# -gt 0 ]; do
  case "$1" in
    --domain) DOMAIN="$2"; shift 2 ;;
    --admin-email) ADMIN_EMAIL="$2"; shift 2 ;;
    --dir) APP_DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

say() { printf '\033[36m▸\033[0m %s\n' "$*"; }
die() { printf '\033[31m✗\033[0m %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo ./install.sh)"
command -v apt-get >/dev/null || die "this installer supports Debian and Ubuntu (apt-get not found)"

say "Installing system packages (MariaDB, Redis, Nginx)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends mariadb-server redis-server nginx ca-certificates git curl rsync openssl

node_ok() { command -v node >/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  apt-get install -y -qq nodejs npm || true
  node_ok || die "Node.js 20.19+ is required: install it (e.g. from nodejs.org or NodeSource), then re-run"
fi
command -v pm2 >/dev/null || { say "Installing PM2…"; npm install -g pm2@latest --no-audit --no-fund --loglevel=error; }

for svc in mariadb redis-server nginx; do
  systemctl enable --now "$svc" >/dev/null 2>&1 || service "$svc" start
done

id multpanel >/dev/null 2>&1 || useradd --system --home "$APP_DIR" --shell /usr/sbin/nologin multpanel

say "Copying the application to $APP_DIR…"
mkdir -p "$APP_DIR"
if [ "$SRC_DIR" != "$APP_DIR" ]; then
  rsync -a --delete --exclude node_modules --exclude .multpanel --exclude '*/dist' "$SRC_DIR/" "$APP_DIR/"
fi

mkdir -p "$ENV_DIR"
chmod 750 "$ENV_DIR"
if [ ! -f "$ENV_FILE" ]; then
  say "Creating the database and $ENV_FILE with fresh secrets…"
  DB_PASS="$(openssl rand -base64 24 | tr -d '/+=')"
  mariadb -uroot <<SQL
CREATE DATABASE IF NOT EXISTS multpanel CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'multpanel'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER 'multpanel'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON multpanel.* TO 'multpanel'@'localhost';
FLUSH PRIVILEGES;
SQL
  PUBLIC_URL="http://$( [ "$DOMAIN" = "_" ] && hostname -f || echo "$DOMAIN")"
  umask 077
  cat > "$ENV_FILE" <<ENV
NODE_ENV=production
HOST=127.0.0.1
DATABASE_URL=mysql://multpanel:$DB_PASS@127.0.0.1:3306/multpanel
REDIS_URL=redis://127.0.0.1:6379
JWT_SECRET=$(openssl rand -base64 48 | tr -d '\n')
ENCRYPTION_KEY=$(openssl rand -base64 32)
PUBLIC_URL=$PUBLIC_URL
LOG_LEVEL=info
DEMO_MODE=false
ENV
  chgrp multpanel "$ENV_FILE"
  chmod 640 "$ENV_FILE"
else
  say "Keeping the existing $ENV_FILE"
fi

say "Installing dependencies and building (a few minutes)…"
cd "$APP_DIR"
chown -R multpanel:multpanel "$APP_DIR"
run_as_app() { runuser -u multpanel -- env HOME="$APP_DIR" "$@"; }
run_as_app npm install --no-audit --no-fund --loglevel=error
run_as_app npm run build

set -a; . "$ENV_FILE"; set +a
say "Applying database migrations…"
run_as_app node backend/dist/cli.js migrate

if [ -n "$ADMIN_EMAIL" ]; then
  say "Creating the first administrator $ADMIN_EMAIL…"
  run_as_app node backend/dist/cli.js create-admin --email "$ADMIN_EMAIL" --name "Administrator" || true
fi

say "Starting API and worker under PM2…"
MULTPANEL_ENV_FILE="$ENV_FILE" pm2 startOrReload "$APP_DIR/ecosystem.config.js" --update-env
pm2 save >/dev/null
pm2 startup systemd -u root --hp /root >/dev/null 2>&1 || true

say "Configuring Nginx…"
sed -e "s#/opt/multpanel#$APP_DIR#g" -e "s#server_name _;#server_name $DOMAIN;#" \
  "$APP_DIR/nginx/multpanel.conf" > /etc/nginx/sites-available/multpanel
ln -sf /etc/nginx/sites-available/multpanel /etc/nginx/sites-enabled/multpanel
rm -f /etc/nginx/sites-enabled/default
nginx -t && (systemctl reload nginx 2>/dev/null || service nginx reload)

for i in $(seq 1 30); do
  if curl -fsS http://127.0.0.1:8080/api/health >/dev/null; then
    printf '\033[32m✓\033[0m Multpanel is running: http://%s/\n' "$( [ "$DOMAIN" = "_" ] && hostname -I | awk '{print $1}' || echo "$DOMAIN")"
    [ -n "$ADMIN_EMAIL" ] || echo "  No administrator yet: open the URL for the first-run setup, or run: npm run create-admin"
    echo "  TLS: run certbot --nginx -d <your domain> (or add your certificate to the Nginx site)."
    exit 0
  fi
  sleep 2
done
die "the API did not become healthy; see: pm2 logs multpanel-api"
