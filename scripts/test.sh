#!/usr/bin/env bash
# Runs every jcelery test: unit tests, integration tests against real Redis and RabbitMQ, and the cross-language
# interop suite against real Python Celery 5.2. Installs what is missing (Debian packages) and starts
# the services that are not running. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '\n== %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  [[ -n "$apt_updated" ]] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_packages() {
  local missing=()
  command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  /usr/bin/python3 -c 'import celery, redis, msgpack, yaml, pytest' 2>/dev/null \
    || missing+=(python3-celery python3-redis python3-msgpack python3-yaml python3-pytest)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
  /usr/bin/python3 -c 'import celery; assert celery.__version__.startswith("5.2"), celery.__version__' \
    || die "Debian's python3-celery 5.2.x is required for /usr/bin/python3"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 200); do port_open "$port" && return 0; sleep 0.3; done
  die "$name is not listening on 127.0.0.1:$port after starting it; the integration tests need it"
}

ensure_redis() {
  port_open 6379 && return 0
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379 Redis
}

ensure_rabbitmq() {
  port_open 5672 && return 0
  log "starting RabbitMQ"
  rabbitmq-server -detached
  wait_port 5672 RabbitMQ
  rabbitmqctl await_startup >/dev/null
}

find_jdk21plus() {
  local d v
  for d in /usr/lib/jvm/*/; do
    [[ -x "$d/bin/java" ]] || continue
    v="$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
    [[ "${v%%.*}" -ge 21 ]] 2>/dev/null && { echo "${d%/}"; return 0; }
  done
  return 1
}

ensure_packages
ensure_redis
ensure_rabbitmq

log "Maven: unit and integration tests (Java $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'))"
mvn -B -ntp verify

if jdk="$(find_jdk21plus)"; then
  log "virtual-thread pool tests on $jdk"
  # -am: the worker's sibling modules come from this build, not from ~/.m2 (empty on a new machine)
  mvn -B -ntp -pl celery-worker -am verify -DskipITs -Djvm="$jdk/bin/java" -Dtest='*Virtual*' \
    -Dsurefire.failIfNoSpecifiedTests=false
else
  log "no JDK 21+ under /usr/lib/jvm: the virtual pool was tested only for its Java 17 error"
fi

log "interop: real Python Celery $(/usr/bin/python3 -c 'import celery; print(celery.__version__)') against the Java worker"
cd interop
/usr/bin/python3 -m pytest -p no:cacheprovider -v
