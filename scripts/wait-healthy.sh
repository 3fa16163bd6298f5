#!/usr/bin/env bash
# Waits until a health URL answers 200, for at most N seconds (default 60); exits 1 otherwise.
set -euo pipefail
url="$1"
limit="${2:-60}"
for _ in $(seq 1 "$limit"); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "$url"; then
    exit 0
  fi
  sleep 1
done
echo "not healthy after ${limit}s: $url" >&2
exit 1
