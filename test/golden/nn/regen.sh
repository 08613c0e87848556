#!/bin/sh
# Regenerates the .out files of test/golden/nn and test/golden/numpy with the reference PyTorch.
set -e
cd "$(dirname "$0")/.."
for f in nn/*.py numpy/*.py; do
  [ -e "$f" ] || continue
  /work/shared/oracle/torch-python "$f" > "${f%.py}.out"
done
