# Makefile - shortcuts around CMake; the build itself is in CMakeLists.txt.
#   make          release build in build/
#   make run      build, then run the demos
#   make test     release + sanitizer builds, all tests in both
#   make bench    benchmarks (bench/)
#   make install  build, then install into PREFIX (default /usr/local)
#   make fuzz     fuzz the module decoder for FUZZ_SECONDS
#   make clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= 2
CLANG      ?= clang-14
FUZZ_SECONDS ?= 60
PREFIX     ?= /usr/local

# Debian packages the build and the tests need: add new ones here.
DEPS := cmake gcc clang-14 libclang-rt-14-dev lld-14 wasi-libc libclang-rt-14-dev-wasm32 wabt \
        libcjson-dev libzstd-dev libssl-dev pkg-config python3 nodejs npm
BENCH_DEPS := binaryen hyperfine gnuplot-nox

# Extra ctest arguments for the sanitizer build: set to "-LE slow" to leave
# the spec suite to the release build if the sanitizer run gets too long.
ASAN_CTEST_ARGS ?=

.PHONY: all build deps test run bench fuzz install clean
# CMake's generated makefiles run under this one: spare the log their
# "Entering directory" lines.
MAKEFLAGS += --no-print-directory

all: build

# Installs whichever of the packages in $(1) are missing; silent when none is.
# Node.js and npm count as present when their commands are on the PATH:
# machines often have them from outside Debian (then apt's npm would conflict).
define install-missing
	@if ! command -v dpkg-query >/dev/null; then \
	  echo "deps: not a Debian system; make sure these are installed: $(1)"; exit 0; fi; \
	missing=; \
	for p in $(1); do \
	  case $$p in nodejs) command -v node >/dev/null && continue;; npm) command -v npm >/dev/null && continue;; esac; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "deps: installing$$missing"; \
	  $$sudo apt-get update && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
endef

# $(call cmake-build,DIR,BUILD_TYPE,CONFIGURE_ARGS[,TARGET]): configures DIR
# once (CMake re-runs itself when CMakeLists or the source list change).
# cmake_install.cmake is written only when a configure succeeds, so a run that
# stopped on a missing package is configured again rather than left half-made.
define cmake-build
	@[ -f $(1)/cmake_install.cmake ] || cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=$(2) $(3)
	cmake --build $(1) -j $(JOBS) $(if $(4),--target $(4))
endef

deps:
	$(call install-missing,$(DEPS))

build:
	$(call cmake-build,$(BUILD),Release,)

test: deps
	$(call cmake-build,$(BUILD),Release,)
	$(call cmake-build,$(ASAN_BUILD),RelWithDebInfo,-DCMAKE_C_COMPILER=$(CLANG) -DHUSK_SANITIZE=ON)
	@# Both runs, even when the first fails: one CI log shows everything.
	@status=0; \
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) || status=1; \
	UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) $(ASAN_CTEST_ARGS) || status=1; \
	exit $$status

run: deps
	$(call cmake-build,$(BUILD),Release,)
	$(BUILD)/husk run $(BUILD)/examples/hello/hello.wasm
	$(BUILD)/husk run $(BUILD)/examples/fib/fib.wasm --invoke fib 30

bench:
	$(call install-missing,$(DEPS) $(BENCH_DEPS))
	$(call cmake-build,$(BUILD),Release,)
	bench/build.sh && python3 bench/run.py

fuzz: deps
	$(call cmake-build,$(FUZZ_BUILD),RelWithDebInfo,-DCMAKE_C_COMPILER=$(CLANG) -DHUSK_FUZZ=ON,husk-fuzz)
	tests/fuzz/make-corpus.sh $(FUZZ_BUILD)/corpus
	$(FUZZ_BUILD)/husk-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	  -rss_limit_mb=2048 -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus

# Headers, libhusk.a/.so, husk.pc, the CMake package, bin/husk and its man
# page (rules at the end of CMakeLists.txt). DESTDIR is honoured for staging.
# Builds only what it installs.
install:
	$(call cmake-build,$(BUILD),Release,,husk husk_shared husk_cli)
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) bench/build
