#!/usr/bin/env bash
# Runs test suites with every logger at its most verbose level (java.util.logging ALL, which is
# where System.Logger, Guice, Lettuce's Netty and OkHttp log here), then scans everything they
# printed for the secrets the tests use: every bot token, api_hash and Redis password written in
# the test sources, and anything shaped like an auth key (256 bytes as hex or base64). Prints each
# hit and exits 1 if there is one, 0 if there are none.
#
#   ./secrets-scan.sh                        # api, session-redis and test-dc: unit tests and ITs
#   ./secrets-scan.sh -pl session-redis      # other modules (Maven arguments replace the default)
#   SCAN_ONLY=build.log ./secrets-scan.sh    # scan an existing log instead of running Maven
#
# Needs the modules' dependencies installed (mvn -B install -DskipTests) and redis-server on the
# PATH (./test.sh installs it). Run it with -Dmaven.repo.local=... as any other Maven call.
set -euo pipefail
cd "$(dirname "$0")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# kept for reading after the run (the logs hold no secrets when the scan passes)
mkdir -p target
log=target/secrets-scan.log

if [ -n "${SCAN_ONLY:-}" ]; then
  [ "$SCAN_ONLY" -ef "$log" ] || cp "$SCAN_ONLY" "$log"
else
  cat > "$work/logging.properties" <<'EOF'
handlers=java.util.logging.ConsoleHandler
.level=ALL
java.util.logging.ConsoleHandler.level=ALL
java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
EOF
  args=("$@")
  if [ ${#args[@]} -eq 0 ] || ! printf '%s\n' "${args[@]}" | grep -q -- '^-pl'; then
    args+=(-pl api,session-redis,test-dc)
  fi
  # argLine reaches the forked test JVMs (surefire and failsafe); the build's own status is
  # reported but does not stop the scan: a failed test's output is scanned too.
  set +e
  mvn -B verify -Dsurefire.failIfNoSpecifiedTests=false \
      "-DargLine=-Djava.util.logging.config.file=$work/logging.properties" "${args[@]}" > "$log" 2>&1
  status=$?
  set -e
  echo "secrets-scan: maven exited with $status ($(wc -l < "$log") lines of output in $log)"
  # surefire/failsafe reports hold the tests' stdout/stderr as well
  find . -path '*/target/surefire-reports/*' -o -path '*/target/failsafe-reports/*' | while read -r f; do
    [ -f "$f" ] && cat "$f" >> "$log"
  done
fi

# The secrets the tests use, from their sources (test code, the test DC, the test kit, examples, benchmarks).
sources=$(find . -path ./node_modules -prune -o -name '*.java' \
  \( -path '*/src/test/*' -o -path './test-dc/*' -o -path './test-kit/*' -o -path './examples/*' -o -path './bench/*' \) -print)
{
  # bot tokens: <bot id>:<secret>
  grep -hoE '"[0-9]{4,}:[A-Za-z0-9_-]{20,}"' $sources | tr -d '"'
  # api_hash: 32 hex digits on lines that name a hash or build an app/config with one
  grep -hiE 'hash|App\.of|new App\(|\.api\(' $sources | grep -oE '"[0-9a-f]{32}"' | tr -d '"'
  # Redis passwords
  grep -hE 'PASSWORD\s*=\s*"|requirepass|String secret = "' $sources | grep -oE '"[^"]{8,}"' | tr -d '"' \
    | grep -v -- '--requirepass'
} | sort -u > "$work/secrets.txt"
echo "secrets-scan: $(wc -l < "$work/secrets.txt") literal secrets from the test sources"

hits=0
if grep -a -n -F -f "$work/secrets.txt" "$log" > "$work/literal-hits.txt"; then
  hits=$((hits + $(wc -l < "$work/literal-hits.txt")))
  echo "secrets-scan: secrets in the output:"
  cut -c1-300 "$work/literal-hits.txt"
fi
# auth keys are random per run: anything as long as one, in hex (512 digits) or base64 (344)
if grep -a -n -E '[0-9a-fA-F]{512}|[A-Za-z0-9+/]{342}[A-Za-z0-9+/=]{2}' "$log" > "$work/key-hits.txt"; then
  hits=$((hits + $(wc -l < "$work/key-hits.txt")))
  echo "secrets-scan: 256-byte blobs (auth keys?) in the output:"
  cut -c1-300 "$work/key-hits.txt"
fi
echo "secrets-scan: $hits hits"
[ "$hits" -eq 0 ]
