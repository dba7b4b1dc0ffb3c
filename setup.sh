#!/usr/bin/env bash
# landscape's two commands. Each installs what is missing, then does its work:
#   ./setup.sh gallery   write the default gallery into output/
#   ./setup.sh test      run the whole test suite (and the example package's, Tests/Example), and
#                        build every DocC catalog with warnings as errors
# and a third to put the command on your PATH:
#   ./setup.sh install [PREFIX]   the command, its man page and bash completions under PREFIX
#                                 (default /usr/local; also installs man-db if `man` is missing)
# Installs (Debian/Ubuntu, with sudo when not root, only if missing):
#   libcairo2-dev (Cairo headers), libhdf5-dev (loss-landscape's surface files), pkg-config,
#   fonts-dejavu-core (the figures' font).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() { echo "usage: ./setup.sh gallery|test|install [PREFIX]" >&2; exit 2; }
[ $# -eq 1 ] || { [ $# -eq 2 ] && [ "$1" = install ]; } || usage

missing=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if command -v dpkg-query >/dev/null 2>&1; then
  installed libcairo2-dev || missing+=(libcairo2-dev)
  installed libhdf5-dev || missing+=(libhdf5-dev)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  installed fonts-dejavu-core || missing+=(fonts-dejavu-core)
  if [ "$1" = install ]; then command -v man >/dev/null 2>&1 || missing+=(man-db); fi
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
    # Built as installed: the Swift runtime linked in (see the Internals article, Encoders).
    swift build -c release --static-swift-stdlib --product landscape
    exec "$(swift build -c release --static-swift-stdlib --show-bin-path)/landscape" gallery --out output ;;
  test)
    # The example package first (an outside user's package: its goldens must exist, nothing is
    # recorded), then the whole suite.
    SNAPSHOT_TESTING_RECORD=never swift test --package-path Tests/Example
    # The docs: every module's DocC catalog and the command's, with no warning.
    targets=()
    for catalog in Sources/*/*.docc; do targets+=(--target "$(basename "$(dirname "$catalog")")"); done
    swift package --disable-sandbox generate-documentation "${targets[@]}" --warnings-as-errors
    # The docs' commands, the gallery's byte-for-byte check and the command-line fuzzer run the
    # command as installed (the gallery's build), ten times faster than the debug build; every
    # other test runs the debug build.
    swift build -c release --static-swift-stdlib --product landscape
    release="$(swift build -c release --static-swift-stdlib --show-bin-path)/landscape"
    LANDSCAPE_RELEASE_BINARY="$release" LANDSCAPE_FUZZ_BINARY="$release" exec swift test ;;
  install)
    prefix=${2:-/usr/local}
    swift build -c release --static-swift-stdlib --product landscape
    bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
    # The man page, from the command's own help (swift-argument-parser's generate-manual).
    swift build -c release --product generate-manual
    pages=$(mktemp -d)
    trap 'rm -rf "$pages"' EXIT
    "$(swift build -c release --show-bin-path)/generate-manual" "$bin/landscape" --output-directory "$pages"
    sed -i 's/^$/.Pp/' "$pages/landscape.1"     # mdoc wants paragraph breaks, not blank lines
    "$bin/landscape" --generate-completion-script bash > "$pages/landscape.bash"
    sudo=()
    if ! { mkdir -p "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" 2>/dev/null && [ -w "$prefix/bin" ]; }; then
      command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to write to $prefix" >&2; exit 1; }
      sudo=(sudo)
      "${sudo[@]}" mkdir -p "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions"
    fi
    "${sudo[@]}" install -m 755 "$bin/landscape" "$prefix/bin/landscape"
    "${sudo[@]}" install -m 644 "$pages/landscape.1" "$prefix/share/man/man1/landscape.1"
    "${sudo[@]}" install -m 644 "$pages/landscape.bash" "$prefix/share/bash-completion/completions/landscape"
    echo "installed $prefix/bin/landscape, its man page (man landscape) and bash completions" ;;
  *) usage ;;
esac
