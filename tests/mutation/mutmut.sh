#!/usr/bin/env bash
# mutmut over the Python face (issue 17 item 6): the argument checks, the readers, the model's
# frame conversion, the staffing and the indicator views.
#
#   tests/mutation/mutmut.sh [MODULE...]      (default: every module below)
#   MUTANTS='gridgov.escalation.x_evaluate__mutmut_*' tests/mutation/mutmut.sh escalation
#                                             (only the mutants of some functions: mutmut's names,
#                                              with * wildcards, separated by spaces)
#
# mutmut 3 copies the code it mutates into mutants/ beside a pyproject.toml and imports it from
# there; the package lives in python/gridgov, so this script stages python/gridgov as gridgov/
# and tests/python in build/mutmut, with a pyproject.toml naming the modules and their tests,
# runs `mutmut run` there and prints the results. The compiled core comes from GRIDGOV_CORE_DIR
# (default build/dev/python/gridgov: build it first, README "Development").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
[ -x "$python" ] || python=/work/main/.venv/bin/python
core=$(cd "${GRIDGOV_CORE_DIR:-$root/build/dev/python/gridgov}" && pwd)
stage=$root/build/mutmut

# module -> the test files that guard it
declare -A tests=(
  [_args]="tests/python/test_bad_input.py"
  [readers]="tests/python/test_readers.py tests/python/test_readers_edges.py tests/python/test_workbench_buildings.py tests/python/test_messages.py"
  [model]="tests/python/test_model.py tests/python/test_model_roundtrip.py tests/python/test_model_file.py"
  [grids]="tests/python/test_grids.py tests/python/test_grids_face.py"
  [escalation]="tests/python/test_escalation_indicators.py tests/python/test_escalation.py tests/python/test_city.py tests/python/test_evaluate_input.py"
)
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(_args readers model grids escalation)

rm -rf "$stage"
mkdir -p "$stage/tests"
cp -r "$root/python/gridgov" "$stage/gridgov"
rm -f "$stage"/gridgov/_core*.so
cp -r "$root/tests/python" "$stage/tests/python"
cp -r "$root/fuzz" "$stage/fuzz"   # test_escalation.py checks the fuzz seeds against their script
ln -sfn "$root/../shared" "$stage/shared"   # conftest looks beside the tree (from mutants/)
[ -e "$root/build/shared" ] || ln -s "$root/../shared" "$root/build/shared"   # and from the stage
only=() ; selected=()
for m in "${modules[@]}"; do
  only+=("\"gridgov/$m.py\"")
  for t in ${tests[$m]}; do selected+=("\"$t\""); done
done
# test_messages.py's check that every tr() text has its Chinese parses the package's source, which
# in mutmut's copy holds every mutant's text: it is left out of the runs (it guards no mutant).
cat >"$stage/pyproject.toml" <<EOF
[tool.mutmut]
source_paths = ["gridgov"]
also_copy = ["fuzz"]
only_mutate = [$(IFS=,; echo "${only[*]}")]
pytest_add_cli_args_test_selection = [$(IFS=,; echo "${selected[*]}")]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-x", "-q",
  "--deselect", "tests/python/test_messages.py::test_every_text_the_package_passes_to_tr_has_its_chinese"]

[tool.pytest.ini_options]
addopts = "-m 'not slow'"
markers = ["slow: long sweeps"]
EOF
cd "$stage"
# shellcheck disable=SC2086  # the patterns are words on purpose
GRIDGOV_CORE_DIR=$core "$python" -m mutmut run ${MUTANTS:-} || true
GRIDGOV_CORE_DIR=$core "$python" -m mutmut results --all true > results.txt 2>&1 || \
  GRIDGOV_CORE_DIR=$core "$python" -m mutmut results > results.txt 2>&1 || true
if [ -n "${MUTANTS:-}" ]; then  # count only the mutants asked for
  pattern=$(printf '%s\n' $MUTANTS | sed 's/[.]/\\./g; s/\*/.*/g' | paste -sd'|')
  grep -E "^ *($pattern):" results.txt > results.only || true
  mv results.only results.txt
fi
total=$(grep -c ": " results.txt || true)
survived=$(grep -c ": survived" results.txt || true)
killed=$(grep -c ": killed" results.txt || true)
echo "mutmut: $killed killed, $survived survived of $total mutants (build/mutmut/results.txt)"
grep ": survived" results.txt || true
