#!/usr/bin/env bash
# `make bench` / `make load` / `make login-storm` from a fresh clone: checks wrk (installs it
# when apt-get is usable as root), PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379,
# then runs bench/<what>.py with the remaining arguments. Each script makes and drops its own
# databases and stops its own server, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
what=$1
shift
if ! command -v wrk >/dev/null && [ "$what" = run ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "bench: wrk is missing; install it (Debian/Ubuntu: sudo apt-get install -y wrk)" >&2
    exit 1
  fi
fi
if [ "$what" != login_storm ]; then
  .venv/bin/python - <<'PY' || exit 1
import socket, sys
for name, port in (("PostgreSQL", 5432), ("Redis", 6379)):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        sys.exit(f"bench: {name} is not answering on 127.0.0.1:{port} (it needs a local one)")
PY
fi
exec .venv/bin/python "bench/$what.py" "$@"
