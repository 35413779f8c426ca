#!/usr/bin/env bash
# Runs the benchmark (bench/run.py) of jcelery against Python Celery 5.2 on the local Redis and
# RabbitMQ: installs what it needs (Debian packages), builds the jar, then passes its arguments on.
#   scripts/bench.sh                 # everything, 3 rounds (about 50 minutes on 2 cores)
#   scripts/bench.sh --quick         # a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
missing=()
/usr/bin/python3 -c 'import celery, redis' 2>/dev/null || missing+=(python3-celery python3-redis)
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || missing+=(python3-matplotlib)
/usr/bin/python3 -c 'import gevent' 2>/dev/null || missing+=(python3-gevent)
command -v redis-benchmark >/dev/null || missing+=(redis-tools)
if ((${#missing[@]})); then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Built every time: a jar left from older sources would benchmark old code.
mvn -B -q -ntp -DskipTests package
exec /usr/bin/python3 bench/run.py "$@"
