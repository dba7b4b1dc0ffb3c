#!/usr/bin/env bash
# Fuzzing harnesses.
#
#   bash Tests/Fuzz/run.sh [SECONDS]        the expression fuzzer (libFuzzer + AddressSanitizer),
#   bash Tests/Fuzz/run.sh expr [SECONDS]   default 60 s; crashing inputs land in .build/fuzz/crash-*
#                                           (rerun one with .build/fuzz/expression-fuzzer FILE)
#   bash Tests/Fuzz/run.sh cli [COUNT] [START]
#                                           the command-line fuzzer (Tests/LandscapeCLITests/CLIFuzzer.swift):
#                                           COUNT seeded inputs (default 100000) from START (default 0)
#                                           against the release binary, each as its own process;
#                                           a log of every input goes to .build/fuzz/cli.log
#   bash Tests/Fuzz/run.sh readers [RUNS]   the file readers' fuzzer (Tests/Fuzz/ReadersFuzzer.swift,
#                                           libFuzzer + AddressSanitizer): RUNS inputs (default 1000000)
#                                           from a corpus of the test data; prints the coverage reached
#                                           (edges) and the corpus size at the end
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mode=expr
if [ "${1:-}" = cli ] || [ "${1:-}" = expr ] || [ "${1:-}" = readers ]; then mode="$1"; shift; fi

if [ "$mode" = readers ]; then
  runs="${1:-1000000}"
  out=.build/fuzz/readers
  lib="$out/lib"
  mkdir -p "$lib" "$out/corpus" "$out/crashes"
  # Each module as a static library with coverage instrumentation, in dependency order.
  flags=(-sanitize=fuzzer,address -parse-as-library -O -g -enable-testing -I "$lib" -I Sources/CHDF5)
  for cflag in $(pkg-config --cflags hdf5); do flags+=(-Xcc "$cflag"); done
  module() {
    local name="$1"; shift
    swiftc "${flags[@]}" -emit-library -static -emit-module -module-name "$name" \
      -emit-module-path "$lib/$name.swiftmodule" -o "$lib/lib$name.a" "$@"
  }
  module Landscapes $(find Sources/Landscapes -name '*.swift' | sort)
  module Trajectories $(find Sources/Trajectories -name '*.swift' | sort)
  module Networks $(find Sources/Networks -name '*.swift' | sort)
  module GridFiles $(find Sources/GridFiles -name '*.swift' | sort)
  swiftc "${flags[@]}" Tests/Fuzz/ReadersFuzzer.swift -L "$lib" -lGridFiles -lNetworks -lTrajectories -lLandscapes \
    $(pkg-config --libs hdf5) -lz -o "$out/readers-fuzzer"
  # The corpus: the test data and the README's inputs, each behind the byte that picks its reader.
  seed() { { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$out/corpus/$1-$(basename "$2")"; }
  for f in Tests/GridFilesTests/Data/*.npy; do seed 0 "$f"; done
  for f in Tests/GridFilesTests/Data/*.npz; do seed 1 "$f"; done
  for f in Tests/GridFilesTests/Data/*.csv Sources/landscape/Gallery/data/*.csv; do [ -f "$f" ] && seed 2 "$f" && seed 3 "$f"; done
  # A trajectory and a run file as the command writes them (the release build, as cli mode uses).
  swift build -c release --static-swift-stdlib --product landscape
  binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/landscape"
  "$binary" trace two-well --optimizer adam --steps 20 --format json --out "$out/trace.json"
  "$binary" trace sincos --optimizer sgd:batch=8 --steps 12 --format csv --out "$out/trace.csv"
  "$binary" net train --data xor:n=12 --model mlp:hidden=3 --optimizer adam --optimizer sgd --epochs 2 --quiet --out "$out/run.json"
  seed 4 "$out/trace.json"; seed 3 "$out/trace.csv"; seed 5 "$out/run.json"
  for f in $(grep -rl '"outcome"' Tests --include='*.json' | head -20); do seed 4 "$f"; done
  for f in Tests/GridFilesTests/Data/expected.json; do seed 6 "$f"; done
  cd "$out"
  exec ./readers-fuzzer -runs="$runs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix=crashes/ -print_final_stats=1 corpus
fi

if [ "$mode" = cli ]; then
  count="${1:-100000}"
  start="${2:-0}"
  swift build -c release --static-swift-stdlib --product landscape
  binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/landscape"
  # The harness builds in a scratch folder of its own, so tests can run beside a long fuzz run.
  swift build --build-tests --scratch-path .build-fuzz
  mkdir -p .build/fuzz
  LANDSCAPE_FUZZ_BINARY="$binary" LANDSCAPE_FUZZ_COUNT="$count" LANDSCAPE_FUZZ_START="$start" \
  LANDSCAPE_FUZZ_SECONDS=60 LANDSCAPE_FUZZ_LOG="$PWD/.build/fuzz/cli.log" \
    exec swift test --skip-build --scratch-path .build-fuzz --filter CLIFuzzTests
fi

seconds="${1:-60}"
mkdir -p .build/fuzz/corpus
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Landscapes \
  Sources/Landscapes/*.swift Sources/Landscapes/Surfaces/*.swift Sources/Landscapes/Expression/*.swift \
  Tests/Fuzz/ExpressionFuzzer.swift -o .build/fuzz/expression-fuzzer
# Seeds: the gallery's formula and a few of each construct.
for s in 'x^2 + 10*sin(y)' '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2' 'min(x, y) - max(abs(x), 2^-y)' \
         'exp(-(x^2 + y^2)/2)' 'sqrt(log(x))' '-x^2^3' '1.5e-3*pi/e' 'atan(tanh(sinh(cosh(x))))'; do
  printf '%s' "$s" > ".build/fuzz/corpus/$(printf '%s' "$s" | cksum | cut -d' ' -f1)"
done
cd .build/fuzz
exec ./expression-fuzzer -max_total_time="$seconds" -max_len=512 -timeout=5 -rss_limit_mb=2048 corpus
