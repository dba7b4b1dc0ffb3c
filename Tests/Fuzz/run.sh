#!/usr/bin/env bash
# Builds the expression fuzzer with libFuzzer and AddressSanitizer and runs it.
#   bash Tests/Fuzz/run.sh [SECONDS]      (default 60)
# Crashing inputs are written to .build/fuzz/ as crash-*; rerun one with
#   .build/fuzz/expression-fuzzer .build/fuzz/crash-…
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
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
