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
python3 -c "print(f'hello {float($hello):.0f} req/s; visitor lesson $lesson {float($page):.0f} req/s; ratio {float($page)/float($hello):.0%} (budget >= 50%)')"
# The same page for a signed-in learner (progress, quiz link and best score: not cacheable whole).
session=$(.venv/bin/python manage.py shell -v0 -c "
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
user, _ = User.objects.get_or_create(username='bench-learner')
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: 'django.contrib.auth.backends.ModelBackend'})
session.create()
print(session.session_key)")
signed=$(wrk -t2 -c16 -d"$DURATION" -H "X-Forwarded-Proto: https" -H "Cookie: sessionid=$session" \
  "http://127.0.0.1:$PORT$lesson" | awk '/Requests\/sec/ {print $2}')
python3 -c "print(f'signed-in lesson {float($signed):.0f} req/s; ratio {float($signed)/float($hello):.0%}')"
