# The two commands of the README: `make run` and `make test`. Both install what is missing first.
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
RUN_ARGS   ?=
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all deps configure build run test bench package install format update-translations clean

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
