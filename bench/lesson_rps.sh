#!/usr/bin/env bash
# Requests per second of a lesson page against a bare "hello" view, on the same stack:
# gunicorn (production settings, DEBUG off) + whitenoise, SQLite or $DATABASE_URL, loopback only.
# Budget (DESIGN.md): lesson >= 50 % of hello. Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
PORT=${PORT:-8765}
WORKERS=${WORKERS:-2}
DURATION=${DURATION:-10s}
export DEBUG=false SECRET_KEY=bench-only-secret-key-not-for-production-0123456789 \
  ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false DJANGO_SETTINGS_MODULE=bench.settings
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py ingest >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
lesson=$(.venv/bin/python manage.py shell -v0 -c \
  "from lessons.models import Lesson; print(Lesson.objects.published().order_by('-reading_minutes').first().get_absolute_url())")
.venv/bin/gunicorn kosovo_edu.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --env DJANGO_SETTINGS_MODULE=bench.settings --log-level warning &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
rps() { wrk -t2 -c16 -d"$DURATION" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$1" | awk '/Requests\/sec/ {print $2}'; }
curl -sf -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$lesson" >/dev/null  # warm the render cache
hello=$(rps /bench/hello)
page=$(rps "$lesson")
python3 -c "print(f'hello {float($hello):.0f} req/s; lesson $lesson {float($page):.0f} req/s; ratio {float($page)/float($hello):.0%} (budget >= 50%)')"
