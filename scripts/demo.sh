#!/usr/bin/env bash
# The jcelery demo on kombu's serverless filesystem:// transport: no broker to install.
# Builds jcelery if needed, starts a Java worker on the sample tasks, sends tasks from the Java
# client, prints the results and stops the worker. Usage: scripts/demo.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v javac >/dev/null || ! command -v mvn >/dev/null; then
  echo "demo.sh: installing a JDK and Maven (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi
if [[ ! -f cli/target/jcelery.jar || ! -d samples/target/classes ]]; then
  echo "demo.sh: building jcelery (mvn package, tests skipped; scripts/test.sh runs them)"
  mvn -B -q -ntp -DskipTests package
fi

data="$PWD/demo-data"
rm -rf "$data"
mkdir -p "$data/queue" "$data/results"
cat > "$data/jcelery.yaml" <<YAML
broker_url: "filesystem://"
broker_transport_options: {data_folder_in: "$data/queue", data_folder_out: "$data/queue"}
result_backend: "file://$data/results"
YAML

bin/jcelery --classpath samples/target/classes -A io.jcelery.samples.DemoTasks --config "$data/jcelery.yaml" \
  worker -c 2 -n demo@localhost >"$data/worker.log" 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do grep -q 'ready\.' "$data/worker.log" && break; sleep 0.2; done
grep -q 'ready\.' "$data/worker.log" || { cat "$data/worker.log"; echo "demo.sh: the worker did not start" >&2; exit 1; }
sed -n '1,/ready\./p' "$data/worker.log"

java -cp "cli/target/jcelery.jar:samples/target/classes" io.jcelery.samples.DemoProducer "$data/jcelery.yaml"

kill -TERM $worker; wait $worker || true
trap - EXIT
echo "--- worker log"
grep -E 'received|succeeded|raised|shutdown' "$data/worker.log" || true
