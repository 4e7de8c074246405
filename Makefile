# runh — one non-recursive Makefile.  `make demo` and `make check` install missing
# Debian build dependencies themselves when run as root.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
BUILD ?= build
VERSION := 0.1.0
GIT_COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

CC ?= cc
PKGS := libseccomp libcap yajl libmnl
DEB_PKGS := build-essential pkg-config libseccomp-dev libcap-dev libyajl-dev libmnl-dev uidmap \
	check busybox-static jq strace clang libclang-rt-14-dev clang-format
CLIENT_PKGS := containerd podman docker.io containernetworking-plugins python3-grpcio python3-grpc-tools
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wswitch-enum -Wno-missing-field-initializers -Wno-format-nonliteral
HARDEN := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) $(PKG_CFLAGS) \
	-DRUNH_VERSION=\"$(VERSION)\" -DRUNH_COMMIT=\"$(GIT_COMMIT)\"
ALL_LDFLAGS := -pie -Wl,-z,relro,-z,now $(LDFLAGS)

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -U_FORTIFY_SOURCE
ALL_LDFLAGS += -fsanitize=address,undefined
endif

SPEC_SRC := $(wildcard spec/*.c)
# The leaf library: errors, small helpers, log lines; used by spec/, libcontainer/ and
# runtime/ alike, it depends on none of them.
LEAF_SRC := libcontainer/error.c libcontainer/util.c libcontainer/log.c
LC_SRC := $(filter-out $(LEAF_SRC),$(wildcard libcontainer/*.c))
RT_SRC := $(wildcard runtime/*.c)
UNIT_SRC := $(wildcard tests/unit/*.c)

SPEC_OBJ := $(SPEC_SRC:%.c=$(BUILD)/%.o)
LEAF_OBJ := $(LEAF_SRC:%.c=$(BUILD)/%.o)
LC_OBJ := $(LC_SRC:%.c=$(BUILD)/%.o)
RT_OBJ := $(RT_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)

MANPAGES := $(wildcard man/*.8)

.PHONY: all deps deps-clients demo lab check check-unit check-integration check-man check-layers check-format install install-strip uninstall check-install clean format

all: $(BUILD)/runh

# Installs what is missing, only when root and only on Debian-like systems.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing packages:$$missing (run as root to install them)"; exit 1; \
		fi; \
	fi

# The real clients the integration tests drive (t-containerd.sh, t-podman.sh, t-docker.sh).
deps-clients:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(CLIENT_PKGS)"

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libspec.a: $(SPEC_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/libleaf.a: $(LEAF_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/libcontainer.a: $(LC_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

# Dependency order: runtime → libcontainer → spec → leaf; each archive once.
LIBS := $(BUILD)/libcontainer.a $(BUILD)/libspec.a $(BUILD)/libleaf.a

$(BUILD)/runh: $(RT_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(RT_OBJ) $(LIBS) $(PKG_LIBS)

$(BUILD)/unit-tests: $(UNIT_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(LIBS) $(PKG_LIBS) $(shell pkg-config --libs check)

# Unit tests run twice: as built, and rebuilt with AddressSanitizer + UBSan + LeakSanitizer
# so that the parser's error paths (hostile input) prove free of leaks and bad accesses.
# (valgrind 3.19 does not know openat2, which safepath.c needs.)
check-unit: deps
	$(MAKE) $(BUILD)/unit-tests
	CK_FORK=yes $(BUILD)/unit-tests
	$(MAKE) BUILD=$(BUILD)/asan SANITIZE=1 $(BUILD)/asan/unit-tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		CK_FORK=yes $(BUILD)/asan/unit-tests

$(BUILD)/seccomp-listener: tests/helpers/seccomp-listener.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

# Static, so that it runs inside the busybox rootfs of the tests.
$(BUILD)/sysprobe: tests/helpers/sysprobe.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Werror -static -o $@ $<

$(BUILD)/console-recv: tests/helpers/console-recv.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

check-integration: deps deps-clients all $(BUILD)/seccomp-listener $(BUILD)/sysprobe $(BUILD)/console-recv
	RUNH_HELPERS=$(abspath $(BUILD)) bash tests/integration/run.sh $(BUILD)/runh

# The labs of examples/labs/: every README's commands run and their output checked
# (tests/integration/t-labs.sh; also part of check-integration).  About a minute.
lab: all
	RUNH_HELPERS=$(abspath $(BUILD)) bash tests/integration/run.sh $(BUILD)/runh t-labs

# The layering of the layout table: library headers in their one module, no call loops.
check-layers: all
	bash tests/lint/layers.sh $(BUILD)

check-man:
	@for m in $(MANPAGES); do \
		out=$$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$$m" 2>&1 >/dev/null); \
		if [ -n "$$out" ]; then echo "$$m: $$out"; exit 1; fi; \
	done; echo "man pages: $(words $(MANPAGES)) checked"

check: deps
	$(MAKE) all
	$(MAKE) check-layers
	$(MAKE) check-format
	$(MAKE) check-unit
	$(MAKE) check-fuzz
	$(MAKE) check-man
	$(MAKE) check-install
	$(MAKE) check-integration

demo: deps all
	bash examples/demo.sh $(BUILD)/runh

# install-strip: the same with the binary stripped of its symbols (GNU's convention).
install: all
	install -D $(INSTALL_STRIP) -m 0755 $(BUILD)/runh $(DESTDIR)$(BINDIR)/runh
	for m in $(MANPAGES); do install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/$$(basename $$m); done
	install -D -m 0644 contrib/completion/runh.bash $(DESTDIR)$(COMPLETIONDIR)/runh

install-strip: all
	$(MAKE) --no-print-directory install INSTALL_STRIP=-s

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/runh $(DESTDIR)$(COMPLETIONDIR)/runh
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man8/$$(basename $$m); done

# The bash completion against the built runh, and install-strip / uninstall into a
# scratch DESTDIR (no root needed).
check-install: all
	bash tests/completion/run.sh $(BUILD)/runh
	bash tests/completion/install.sh $(BUILD)

FORMAT_SRC = $(SPEC_SRC) $(LEAF_SRC) $(LC_SRC) $(RT_SRC) $(UNIT_SRC) $(wildcard */*.h)

format:
	clang-format -i $(FORMAT_SRC)

# .clang-format describes the code: formatting it changes nothing.
check-format:
	@bad=$$(for f in $(FORMAT_SRC); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "format: differs from .clang-format (run make format): $$bad"; exit 1; fi; \
	echo "format: $(words $(FORMAT_SRC)) files as .clang-format says"

clean:
	rm -rf $(BUILD)

-include $(SPEC_OBJ:.o=.d) $(LEAF_OBJ:.o=.d) $(LC_OBJ:.o=.d) $(RT_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

# ---- Fuzzing (tests/fuzz/): a libFuzzer target per JSON entry point -------------------
#   make fuzz                                 build them (clang; libFuzzer + ASan + UBSan)
#   make fuzz-run FUZZ_TARGET=config [FUZZ_TIME=300]   one target, long, one core
#   make check-fuzz                           every target FUZZ_CHECK_TIME s (in make check)
# spec/ and libcontainer/ are rebuilt in $(BUILD)/fuzz with coverage instrumentation.
FUZZ_CC ?= clang
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_TARGETS := config process resources state depth
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)
FUZZ_TIME ?= 300
FUZZ_TARGET ?= $(FUZZ_TARGETS)
FUZZ_CHECK_TIME ?= 6
FUZZ_LIBS := $(FUZZ_BUILD)/libcontainer.a $(FUZZ_BUILD)/libspec.a $(FUZZ_BUILD)/libleaf.a

.PHONY: fuzz fuzz-libs fuzz-run check-fuzz

fuzz-libs: deps
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) SANITIZE=1 CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" \
		$(FUZZ_LIBS)

fuzz: deps fuzz-libs
	$(MAKE) $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIBS)
	$(FUZZ_CC) -std=gnu11 -D_GNU_SOURCE $(WARN) -O1 -g -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $@ $< \
		$(FUZZ_LIBS) $(PKG_LIBS)

fuzz-run: fuzz
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_TARGET)

check-fuzz: fuzz
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_CHECK_TIME) $(FUZZ_TARGETS)

# Speed of runh next to runc and crun (when installed), interleaved, same cgroup
# view; BENCH_N containers per runtime (tests/bench/run.sh has the knobs).
BENCH_N ?= 100
bench: all
	bash tests/bench/run.sh $(BUILD)/runh $(BENCH_N)

# The OCI validation suite of runtime-tools against build/runh (or RUNTIME=...):
#   make oci-validation RUNTIME_TOOLS=/path/to/runtime-tools-checkout [OCI_OUT=dir]
oci-validation: all
	@test -n "$(RUNTIME_TOOLS)" || { echo "set RUNTIME_TOOLS=<runtime-tools checkout (commit 260e151)>" >&2; exit 2; }
	bash tests/oci/run.sh $(RUNTIME_TOOLS) $(or $(RUNTIME),$(BUILD)/runh) $(OCI_OUT)

.PHONY: bench oci-validation

# The crash sweep (tests/crash/): every command killed at each of its syscalls (strace
# fault injection), `delete --force` after each, and a check that nothing is left.
# Prints a summary per command; the findings go to build/crash-sweep/.  Takes the
# integration lock; about 15 minutes.  CRASH_STRIDE=N tries every N-th kill point.
.PHONY: crash-sweep
crash-sweep: deps all $(BUILD)/console-recv
	RUNH_HELPERS=$(abspath $(BUILD)) CRASH_OUT=$(abspath $(BUILD))/crash-sweep \
		bash tests/crash/sweep.sh $(BUILD)/runh
