#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (Debian's python3-telethon, an
# independent MTProto client that checks the test DC; redis-server, which the Redis store's tests start
# themselves on free ports), then runs `mvn -B verify`. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
/usr/bin/python3 -c 'import telethon' >/dev/null 2>&1 || need+=(python3-telethon)
if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: run as root or install sudo to install: ${need[*]}" >&2; exit 2; }
    sudo=(sudo)
  fi
  echo "test.sh: installing ${need[*]} (apt-get)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  # Debian's package starts a system Redis on 6379; the tests start their own servers.
  if command -v systemctl >/dev/null 2>&1; then "${sudo[@]}" systemctl stop redis-server >/dev/null 2>&1 || true; fi
fi

exec mvn -B verify "$@"
