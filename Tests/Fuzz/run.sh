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
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mode=expr
if [ "${1:-}" = cli ] || [ "${1:-}" = expr ]; then mode="$1"; shift; fi

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
