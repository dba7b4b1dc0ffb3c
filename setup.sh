#!/usr/bin/env bash
# landscape's two commands. Each installs what is missing, then does its work:
#   ./setup.sh gallery   write the default gallery into output/
#   ./setup.sh test      run the whole test suite (and the example package's, Tests/Example)
# Installs (Debian/Ubuntu, with sudo when not root, only if missing):
#   libcairo2-dev (Cairo headers), libhdf5-dev (loss-landscape's surface files), pkg-config,
#   fonts-dejavu-core (the figures' font).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() { echo "usage: ./setup.sh gallery|test" >&2; exit 2; }
[ $# -eq 1 ] || usage

missing=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if command -v dpkg-query >/dev/null 2>&1; then
  installed libcairo2-dev || missing+=(libcairo2-dev)
  installed libhdf5-dev || missing+=(libhdf5-dev)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  installed fonts-dejavu-core || missing+=(fonts-dejavu-core)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "setup: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

case "$1" in
  gallery)
    # Built as installed: the Swift runtime linked in (see README, Performance).
    swift build -c release --static-swift-stdlib --product landscape
    exec "$(swift build -c release --static-swift-stdlib --show-bin-path)/landscape" gallery --out output ;;
  test)
    # The example package first (an outside user's package: its goldens must exist, nothing is
    # recorded), then the whole suite.
    SNAPSHOT_TESTING_RECORD=never swift test --package-path Tests/Example
    exec swift test ;;
  *) usage ;;
esac
