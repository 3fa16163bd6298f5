#!/usr/bin/env bash
# One full run of install.sh on a clean Debian 12 root, on a machine that already runs its own MariaDB,
# Redis and Nginx: a debootstrap chroot inside its own network namespace (so its services get their own
# ports 80/443/3306/6379), with NAT to reach Debian's mirror and the npm registry.
#   sudo scripts/install-chroot.sh [--root /srv/multpanel-root] [--keep]
# Needs: debootstrap, iproute2, iptables, and CAP_NET_ADMIN. Ends with the platform's health answer over
# HTTPS from inside the root, or the failing step. --keep leaves the root and its processes running.
set -euo pipefail

ROOT=/srv/multpanel-root
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
SRC="$(cd "$(dirname "$0")/.." && pwd)"
NS=mp-install
say() { printf '\033[36m▸\033[0m %s\n' "$*"; }

if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  say "debootstrap bookworm into $ROOT"
  debootstrap --variant=minbase --include=ca-certificates,curl,git,openssl,sudo,procps \
    bookworm "$ROOT" http://deb.debian.org/debian
fi

say "network namespace $NS (10.99.0.2, NAT through the host)"
ip netns del "$NS" 2>/dev/null || true
ip link del mp-inst0 2>/dev/null || true
ip netns add "$NS"
ip link add mp-inst0 type veth peer name mp-inst1
ip link set mp-inst1 netns "$NS"
ip addr add 10.99.0.1/30 dev mp-inst0
ip link set mp-inst0 up
ip netns exec "$NS" ip addr add 10.99.0.2/30 dev mp-inst1
ip netns exec "$NS" ip link set mp-inst1 up
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip route add default via 10.99.0.1
sysctl -qw net.ipv4.ip_forward=1
iptables -t nat -C POSTROUTING -s 10.99.0.0/30 -j MASQUERADE 2>/dev/null ||
  iptables -t nat -A POSTROUTING -s 10.99.0.0/30 -j MASQUERADE

cleanup() {
  [ "$KEEP" = 1 ] && return
  ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  for m in proc sys dev/pts dev opt/src; do umount -l "$ROOT/$m" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  ip link del mp-inst0 2>/dev/null || true
  iptables -t nat -D POSTROUTING -s 10.99.0.0/30 -j MASQUERADE 2>/dev/null || true
}
trap cleanup EXIT

cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# A host behind a TLS-inspecting proxy trusts extra CAs; the root must trust them too (a no-op elsewhere).
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  chroot "$ROOT" update-ca-certificates >/dev/null
fi
echo multpanel-test > "$ROOT/etc/hostname"
grep -q multpanel-test "$ROOT/etc/hosts" 2>/dev/null || echo "127.0.1.1 multpanel-test" >> "$ROOT/etc/hosts"
mkdir -p "$ROOT/opt/src"
for m in proc sys dev dev/pts; do mountpoint -q "$ROOT/$m" || mount --bind "/$m" "$ROOT/$m"; done
# The installer clones the source: hand it this checkout's committed state, read-only.
rm -rf "$ROOT/opt/src" && git clone --quiet --no-local "$SRC" "$ROOT/opt/src"

say "install.sh inside the root"
start=$(date +%s)
ip netns exec "$NS" chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt bash -c 'cd /opt/src && ./install.sh --domain multpanel-test'
say "install.sh finished in $(($(date +%s) - start)) s"

say "health over HTTPS inside the root"
ip netns exec "$NS" chroot "$ROOT" curl -fsSk https://127.0.0.1/api/health
echo
