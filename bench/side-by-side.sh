#!/bin/sh
# Heliograph and Telethon side by side against the test DC's standalone command in its own JVM.
#
#   bench/side-by-side.sh [--no-build] [SideBySide options]
#
# Builds bench/target/benchmarks.jar (skip with --no-build), then runs
# dev.heliograph.bench.sidebyside.SideBySide from the repository root. Options (defaults):
#   --runs 3 --logins 100 --calls 20000 --pipelined 300000 --mib-calls 10 --fresh 5
#   --telethon-logins 20 --telethon-calls 5000 --telethon-pipelined 20000
# Needs Debian's python3-telethon and redis-server on the PATH (./test.sh installs both).
# MAVEN_ARGS is passed to Maven (e.g. MAVEN_ARGS=-Dmaven.repo.local=/path/m2).
set -e
cd "$(dirname "$0")/.."
if [ "$1" = "--no-build" ]; then
    shift
else
    # shellcheck disable=SC2086
    mvn -B -q $MAVEN_ARGS -pl bench -am install -Pbenchmarks -DskipTests
fi
exec java -cp bench/target/benchmarks.jar dev.heliograph.bench.sidebyside.SideBySide "$@"
