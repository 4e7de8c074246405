# runh — one non-recursive Makefile.  `make demo` and `make check` install missing
# Debian build dependencies themselves when run as root.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
BUILD ?= build
VERSION := 0.1.0
GIT_COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

CC ?= cc
PKGS := libseccomp libcap yajl libmnl
DEB_PKGS := build-essential pkg-config libseccomp-dev libcap-dev libyajl-dev libmnl-dev \
	check busybox-static jq strace
CLIENT_PKGS := containerd podman
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wno-missing-field-initializers -Wno-format-nonliteral
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
LC_SRC := $(wildcard libcontainer/*.c)
RT_SRC := $(wildcard runtime/*.c)
UNIT_SRC := $(wildcard tests/unit/*.c)

SPEC_OBJ := $(SPEC_SRC:%.c=$(BUILD)/%.o)
LC_OBJ := $(LC_SRC:%.c=$(BUILD)/%.o)
RT_OBJ := $(RT_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)

MANPAGES := $(wildcard man/*.8)

.PHONY: all deps deps-clients demo check check-unit check-integration check-man install clean format

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

# The real clients the integration tests drive (t-containerd.sh, t-podman.sh).
deps-clients:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(CLIENT_PKGS)"

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libspec.a: $(SPEC_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/libcontainer.a: $(LC_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/runh: $(RT_OBJ) $(BUILD)/libcontainer.a $(BUILD)/libspec.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(RT_OBJ) $(BUILD)/libcontainer.a $(BUILD)/libspec.a \
		$(BUILD)/libcontainer.a $(PKG_LIBS)

$(BUILD)/unit-tests: $(UNIT_OBJ) $(BUILD)/libcontainer.a $(BUILD)/libspec.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/libspec.a $(BUILD)/libcontainer.a \
		$(BUILD)/libspec.a $(PKG_LIBS) $(shell pkg-config --libs check)

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

check-man:
	@for m in $(MANPAGES); do \
		out=$$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$$m" 2>&1 >/dev/null); \
		if [ -n "$$out" ]; then echo "$$m: $$out"; exit 1; fi; \
	done; echo "man pages: $(words $(MANPAGES)) checked"

check: deps
	$(MAKE) all
	$(MAKE) check-unit
	$(MAKE) check-man
	$(MAKE) check-integration

demo: deps all
	bash examples/demo.sh $(BUILD)/runh

install: all
	install -D -m 0755 $(BUILD)/runh $(DESTDIR)$(BINDIR)/runh
	for m in $(MANPAGES); do install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/$$(basename $$m); done

format:
	clang-format -i $(SPEC_SRC) $(LC_SRC) $(RT_SRC) $(UNIT_SRC) */*.h

clean:
	rm -rf $(BUILD)

-include $(SPEC_OBJ:.o=.d) $(LC_OBJ:.o=.d) $(RT_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

# The crash sweep (tests/crash/): every command killed at each of its syscalls (strace
# fault injection), `delete --force` after each, and a check that nothing is left.
# Prints a summary per command; the findings go to build/crash-sweep/.  Takes the
# integration lock; about 15 minutes.  CRASH_STRIDE=N tries every N-th kill point.
.PHONY: crash-sweep
crash-sweep: deps all $(BUILD)/console-recv
	RUNH_HELPERS=$(abspath $(BUILD)) CRASH_OUT=$(abspath $(BUILD))/crash-sweep \
		bash tests/crash/sweep.sh $(BUILD)/runh
