# Nucleus: build, test, demo, bench. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

export JAVA_HOME := /usr/lib/jvm/temurin-25-jdk-amd64
export MAVEN_OPTS := --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B --no-transfer-progress
DIST := distribution/target/nucleus
# The demo's production rootfs: built by Nix (nix/rootfs.nix) into the store; this is its GC root.
DEMO_ROOTFS := $(CURDIR)/distribution/target/demo-nix-rootfs

.PHONY: help build test test-c demo bench setup clean

help:
	@echo "make build   mvn install -DskipTests: modules + $(DIST) (jlink runtime, AOT cache)"
	@echo "make test    every test: mvn verify of the whole reactor (includes the dist build) + C checks"
	@echo "make demo    install system packages (root), build, an agent sandbox, a production service from a"
	@echo "             Nix-built rootfs, dry runs, doctor"
	@echo "make bench   startup benchmark (bench/startup.sh) -> bench/results/"
	@echo "make setup   scripts/setup.sh only (root)"

build:
	$(MVN) -q install -DskipTests
	@test -x $(DIST)/bin/nucleus
	@echo "built: $(DIST) ($$(bin/nucleus --version))"

# No -q: CI reads Surefire's closing lines. verify runs the distribution build, so
# end-to-end tests in later modules or phases can use bin/nucleus.
test: test-c
	$(MVN) verify

# C-level checks of the native shim, as the native module grows them: a Makefile with a
# `check` target, or executable native/src/test/c/*.sh scripts.
test-c:
	@ran=0; \
	if [[ -f native/Makefile ]] && grep -q '^check:' native/Makefile; then $(MAKE) -C native check; ran=1; fi; \
	for t in native/src/test/c/*.sh; do [[ -x $$t ]] || continue; echo "== $$t"; $$t; ran=1; done; \
	[[ $$ran == 1 ]] || echo "test-c: no C-level checks in native/ yet"

setup:
	@if [[ $$(id -u) -eq 0 ]]; then bash scripts/setup.sh; \
	else echo "make setup: not root; run: sudo bash scripts/setup.sh" >&2; exit 1; fi

demo: setup build
	@echo; echo "== a real agent sandbox over examples/demo-context (copied to /context, .env left out)"
	bin/nucleus run --name demo-agent --context examples/demo-context -- /bin/sh /context/inspect.sh
	@echo; echo "== bin/nucleus --version"; bin/nucleus --version
	@echo; echo "== a production launch from a rootfs Nix builds (nix/rootfs.nix: busybox and a hello package)"
	scripts/nix-busybox-rootfs.sh --out-link $(DEMO_ROOTFS)
	bin/nucleus run --service-mode production --trust-level trusted --memory 64M --cpus 1 \
	  --verify-rootfs-attestation --rootfs $(DEMO_ROOTFS) -- /bin/sh -c 'hello; ls /nix/store'
	@echo; echo "== a production launch, dry-run (prints the plan, touches nothing)"
	@set -x; rc=0; bin/nucleus run --dry-run --service-mode production --memory 1G --cpus 2 \
	  --rootfs $(DEMO_ROOTFS) --verify-rootfs-attestation --trust-level trusted --runtime native \
	  -- /bin/true || rc=$$?; { set +x; } 2>/dev/null; \
	if [[ $$rc -ne 0 ]]; then echo ">> demo: 'nucleus run --dry-run' FAILED with exit $$rc (see its message above)"; fi
	@if [[ -f examples/agent.nucleus.toml ]]; then \
	  echo; echo "== agent config, dry-run"; rc=0; \
	  bin/nucleus run --dry-run --config examples/agent.nucleus.toml || rc=$$?; \
	  if [[ $$rc -ne 0 ]]; then echo ">> demo: 'nucleus run --dry-run --config examples/agent.nucleus.toml' FAILED with exit $$rc"; fi; \
	else echo; echo ">> demo: examples/agent.nucleus.toml does not exist yet, agent dry-run skipped"; fi
	@echo; echo "== bin/nucleus doctor"; rc=0; bin/nucleus doctor || rc=$$?; \
	if [[ $$rc -ne 0 ]]; then echo ">> demo: 'nucleus doctor' FAILED with exit $$rc (see its message above)"; fi

bench: build
	bench/startup.sh

clean:
	$(MVN) -q clean
	rm -rf bench/.build
