# The two commands of the README: `make run` and `make test`. Both install what is missing first.
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
RUN_ARGS   ?=
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all deps configure build run test test-sanitize fuzz bench package install format update-translations clean

all: build

deps:
	@packaging/install-build-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DAGENTMON_WERROR=ON $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The desktop app; without a display (ssh, container) the same core in the terminal instead.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		exec $(BUILD_DIR)/app/agentmon $(RUN_ARGS); \
	else \
		echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset): showing agentmonctl snapshot instead."; \
		echo "make run: start agentmon from a desktop session, or run $(BUILD_DIR)/app/agentmonctl daemon."; \
		exec $(BUILD_DIR)/app/agentmonctl snapshot; \
	fi

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure --no-tests=error -j $(JOBS) --timeout 300

# The whole suite built with AddressSanitizer and UndefinedBehaviorSanitizer (own build directory). Every
# process the tests start (agentmonctl, helpers) is sanitized too and writes any report to
# $(SANITIZE_DIR)/sanitizer-reports/; one report there fails the target, even from a child whose exit code no
# test looks at. tests/sanitize/lsan.supp lists (and explains) the leaks ignored outside our code.
SANITIZE_DIR ?= build-sanitize
SANITIZERS   ?= address,undefined
SANITIZE_REPORTS = $(abspath $(SANITIZE_DIR))/sanitizer-reports
test-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAGENTMON_WERROR=ON \
		-DAGENTMON_SANITIZE=$(SANITIZERS) $(CMAKE_ARGS)
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	rm -rf $(SANITIZE_REPORTS) && mkdir -p $(SANITIZE_REPORTS)
	cd $(SANITIZE_DIR) && \
	ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:log_path=$(SANITIZE_REPORTS)/asan \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(SANITIZE_REPORTS)/ubsan \
		ctest --output-on-failure --no-tests=error -j $(JOBS) $(CTEST_ARGS); \
	status=$$?; \
	if [ -n "$$(ls -A $(SANITIZE_REPORTS))" ]; then \
		echo "make test-sanitize: sanitizer reports in $(SANITIZE_REPORTS):"; \
		for f in $(SANITIZE_REPORTS)/*; do echo "== $$f"; cat "$$f"; done; \
		exit 1; \
	fi; \
	exit $$status

# libFuzzer (clang-14, ASan and UBSan): builds the harnesses of tests/fuzz/libfuzzer in their own directory
# and runs each for FUZZ_SECONDS from the seeds (tests/fixtures/proc, the built-in rules, sample files).
# New inputs go to $(FUZZ_DIR)/corpus/<harness>, crashing ones to $(FUZZ_DIR)/crashes/; replay one with
# $(FUZZ_DIR)/tests/fuzz/libfuzzer/fuzz_<harness> <file>.
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@packaging/install-build-deps.sh --fuzz
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DAGENTMON_LIBFUZZER=ON -DAGENTMON_SANITIZE=address,undefined $(CMAKE_ARGS)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target agentmon_fuzzers
	mkdir -p $(FUZZ_DIR)/crashes $(FUZZ_DIR)/corpus/procparsers $(FUZZ_DIR)/corpus/rules $(FUZZ_DIR)/corpus/registry
	cp core/rules/builtin-rules.json $(FUZZ_DIR)/corpus/rules/
	$(FUZZ_DIR)/tests/fuzz/libfuzzer/fuzz_procparsers -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_DIR)/crashes/procparsers- $(FUZZ_DIR)/corpus/procparsers tests/fixtures/proc
	$(FUZZ_DIR)/tests/fuzz/libfuzzer/fuzz_rules -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_DIR)/crashes/rules- $(FUZZ_DIR)/corpus/rules tests/fuzz/libfuzzer/seeds/rules
	$(FUZZ_DIR)/tests/fuzz/libfuzzer/fuzz_registry -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_DIR)/crashes/registry- $(FUZZ_DIR)/corpus/registry tests/fuzz/libfuzzer/seeds/registry

# Every benchmark in one go (about 10 minutes; run it on a quiet machine), each one's figures kept in
# $(BUILD_DIR)/bench-results/<bench>.txt, then the report: docs/benchmarks.md (commit it with the change it
# measures). BENCHES=... runs a subset; the report then names what is missing.
BENCHES ?= sampler instance reaper model gui
bench: build
	@rm -rf $(BUILD_DIR)/bench-results && mkdir -p $(BUILD_DIR)/bench-results
	@failed=; for b in $(BENCHES); do \
		echo "make bench: bench_$$b"; \
		( $(BUILD_DIR)/tests/bench/bench_$$b; echo $$? > $(BUILD_DIR)/bench-results/$$b.rc ) \
			| tee $(BUILD_DIR)/bench-results/$$b.txt; \
		[ "$$(cat $(BUILD_DIR)/bench-results/$$b.rc)" = 0 ] || failed="$$failed bench_$$b"; \
	done; \
	$(BUILD_DIR)/tests/bench/bench_report --results $(BUILD_DIR)/bench-results \
		--template tests/bench/report.md.in --output docs/benchmarks.md || failed="$$failed bench_report"; \
	if [ -n "$$failed" ]; then echo "make bench: failed:$$failed"; exit 1; fi

# The Debian package (CPack): build/agentmon_<version>_<arch>.deb.
package: build
	cd $(BUILD_DIR) && cpack -G DEB
	@echo "make package: $$(ls -t $(abspath $(BUILD_DIR))/agentmon_*.deb | head -n 1)"

# Installs under PREFIX (default /usr/local), staged below DESTDIR when set:
# make install PREFIX=/usr DESTDIR=/tmp/stage
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

# Refreshes translations/agentmon_<lang>.ts from the sources (lupdate); translate what comes new, then commit.
update-translations: configure
	cmake --build $(BUILD_DIR) --target update_translations

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD_DIR)
