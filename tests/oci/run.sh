#!/bin/bash
# tests/oci/run.sh RUNTIME_TOOLS_CHECKOUT RUNTIME [OUT]
#
# Runs the OCI validation suite of opencontainers/runtime-tools (its
# validation/*/*.go programs) against RUNTIME and counts what it reports.
#
#   RUNTIME_TOOLS_CHECKOUT  a git checkout of runtime-tools, outside this
#                           repository (260e151 is the newest commit that builds
#                           with Debian bookworm's Go 1.19). The programs and
#                           the static `runtimetest` are built there, offline
#                           (vendored modules, GOPROXY=off). Never commit it.
#   RUNTIME                 the runtime binary (build/runh, /usr/sbin/runc, crun)
#   OUT                     directory for the per-program logs and summary.txt
#                           (default: a new /tmp/runh-oci.XXXXXX)
#
# Each program runs alone, with RUNTIME=<a wrapper adding --root OUT/state>,
# TMPDIR=OUT/tmp and a timeout. Per program the runner prints the assertions
# that passed, failed and were skipped (TAP `# SKIP`), and the verdict:
#   FAIL  it exited non-zero or timed out, printed a `not ok`, printed fewer
#         or more assertions than its plans announced, or reported a failure
#         outside any assertion. The hook programs (hooks, prestart*,
#         poststart*, poststop*) check the runtime without any assertion: they
#         print `1..0` alone when the runtime passed and `1..0` plus a YAML
#         `error:` block when it failed, so a TAP harness shows both as
#         "skipped"; here the second is FAIL (error-without-assertion).
#   skip  not FAIL, and every assertion it printed was skipped (`# SKIP`)
#   pass  not FAIL and not skip. The *_fail programs print nothing at all when
#         the runtime rightly refused their bad config (exit 0: pass) and
#         exit 1 when it accepted it.
# The totals count exactly that: "passed" never includes skipped assertions.
#
# The whole run holds the machine-wide lock /tmp/runh-integration.lock (the
# integration tests of every worktree take it too); the build does not.
#
# cgroup view: on this VM's hybrid layout (cgroup v1 controllers plus a cgroup2
# with controllers enabled at /sys/fs/cgroup/unified) crun 1.8 refuses to start
# any container. With CGROUP_VIEW=v1 (default) the programs therefore run in a
# private mount namespace in which /sys/fs/cgroup/unified is an empty tmpfs, so
# every runtime is measured on the same pure-v1 host; CGROUP_VIEW=host keeps the
# host's layout. The host's own mounts are never changed.
#
# Knobs: OCI_TIMEOUT=120 (seconds per program), OCI_ONLY="prog ..." (run only
# these programs), OCI_NO_BUILD=1 (use the binaries already built).
#
# Exit status: 0 when every program ran (whatever it reported), 1 on a setup
# error. The verdicts are in the output, not in the exit status.
set -u
export LC_ALL=C

die() { echo "oci: error: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

usage() { echo "usage: $0 RUNTIME_TOOLS_CHECKOUT RUNTIME [OUT]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage

SUITE=$(cd "$1" 2>/dev/null && pwd) || die "no such directory: $1"
[ -d "$SUITE/validation" ] || die "$SUITE is not a runtime-tools checkout (no validation/)"
RT=$(command -v -- "$2") || die "runtime not found: $2"
RT=$(readlink -f -- "$RT")
[ -x "$RT" ] || die "not executable: $RT"
OUT=${3:-}
TIMEOUT=${OCI_TIMEOUT:-120}
LOCK=/tmp/runh-integration.lock

# programs: every validation/NAME/NAME.go (util/ is the shared library)
oci_programs() {
	local d n
	for d in "$SUITE"/validation/*/; do
		n=$(basename "$d")
		[ "$n" = util ] && continue
		[ -f "$d/$n.go" ] || continue
		if [ -n "${OCI_ONLY:-}" ] && [[ " $OCI_ONLY " != *" $n "* ]]; then continue; fi
		echo "$n"
	done
}

# --- build (outside the lock: it only uses CPU) ------------------------------
oci_build() {
	command -v go >/dev/null || die "go not found (apt-get install golang-go)"
	local gf=${GOFLAGS:-}
	[ -f "$SUITE/vendor/modules.txt" ] && gf="$gf -mod=vendor"
	# offline: the vendored modules or the local module cache, never the network
	export GOFLAGS=$gf GOPROXY=off GOTOOLCHAIN=local GO111MODULE=on
	(
		cd "$SUITE" || exit 1
		note "building runtimetest and $(oci_programs | wc -l) programs in $SUITE ($(go version | cut -d' ' -f3), GOFLAGS='$GOFLAGS')"
		# runtimetest runs inside the containers' rootfs: it must be static
		CGO_ENABLED=0 go build -tags "netgo osusergo" -o runtimetest ./cmd/runtimetest ||
			{ echo "build of runtimetest failed" >&2; exit 1; }
		local n
		for n in $(oci_programs); do
			go build -o "validation/$n/$n.t" "./validation/$n/$n.go" ||
				{ echo "build of validation/$n failed" >&2; exit 1; }
		done
	) || die "build failed"
}

# --- cgroup view ---------------------------------------------------------------
# true when /sys/fs/cgroup holds v1 hierarchies and a cgroup2 sits at unified/
oci_is_hybrid() {
	[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]
}

# --- one program -----------------------------------------------------------------
# oci_count TAPFILE -> "passed failed skipped tests plan noassert_errors"
# A test point is a line starting "ok" or "not ok"; "# SKIP" (any case) after it
# marks a skip. Some programs print several TAP documents ("TAP version 13" ...
# "1..N" each): plan is the sum of their N (-1 when there is none).
# noassert_errors counts YAML "error:" diagnostics that follow no test point of
# their document: how the hook programs report a failure.
oci_count() {
	awk '
	BEGIN { p = 0; f = 0; s = 0; plan = -1; err = 0; seen = 0; inyaml = 0 }
	/^TAP version/ { seen = 0; next }
	/^[ \t]+---[ \t]*$/ { inyaml = 1; next }
	/^[ \t]+\.\.\.[ \t]*$/ { inyaml = 0; next }
	inyaml && /^[ \t]+"?error"?[ \t]*:/ { if (!seen) err++; next }
	inyaml { next }
	/^not ok/ { f++; seen = 1; next }
	/^ok/ { if (tolower($0) ~ /#[ \t]*skip/) s++; else p++; seen = 1; next }
	/^1\.\.[0-9]+/ { split($1, a, /\.\./); plan = (plan < 0 ? 0 : plan) + a[2]; next }
	END { printf "%d %d %d %d %d %d\n", p, f, s, p + f + s, plan, err }' "$1"
}

# rmdir (deepest first) cgroup directories that appeared since $OUT/cg.before;
# only names the suite uses (cgrouptest, testdir), only empty ones
# (cgroup file systems only: in the pure-v1 view /sys/fs/cgroup/unified is our
# own throw-away tmpfs, where crun writes plain cgroup.procs files)
oci_cgroup_snapshot() {
	local d
	find /sys/fs/cgroup -mindepth 2 -type d \( -name cgrouptest -o -name testdir \) 2>/dev/null |
		sort | while IFS= read -r d; do
			case $(stat -f -c %T "$d") in cgroupfs | cgroup2fs) echo "$d" ;; esac
		done
}
oci_cgroup_cleanup() {
	local d left=0
	while IFS= read -r d; do
		[ -d "$d" ] || continue
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
		[ -d "$d" ] && left=$((left + 1))
	done < <(comm -13 "$OUT/cg.before" <(oci_cgroup_snapshot))
	echo "$left"
}

# oci_run_one NAME -> prints the result line, appends to $OUT/results
oci_run_one() {
	local n=$1 rc t0 t1 p f s tests plan err verdict why ids left cg
	t0=${EPOCHREALTIME/./}
	(cd "$SUITE" && RUNTIME=$OUT/runtime TMPDIR=$OUT/tmp \
		timeout -k 10 "$TIMEOUT" "./validation/$n/$n.t" \
		</dev/null >"$OUT/$n.tap" 2>"$OUT/$n.stderr")
	rc=$?
	t1=${EPOCHREALTIME/./}
	read -r p f s tests plan err < <(oci_count "$OUT/$n.tap")
	# The verdict. A program that prints nothing and exits 0 passed: that is
	# how the *_fail programs report that the runtime refused a bad config.
	why=""
	case $rc in
	0) ;;
	124 | 137) why="$why timeout(${TIMEOUT}s)" ;;
	*) why="$why exit=$rc" ;;
	esac
	[ "$f" -gt 0 ] && why="$why not-ok=$f"
	[ "$err" -gt 0 ] && why="$why error-without-assertion=$err"
	[ "$plan" -ge 0 ] && [ "$plan" != "$tests" ] && why="$why plan=$plan/printed=$tests"
	[ "$plan" -lt 0 ] && [ "$tests" -gt 0 ] && why="$why no-plan"
	if [ -n "$why" ]; then verdict=FAIL
	elif [ "$p" = 0 ] && [ "$s" -gt 0 ]; then verdict=skip
	else verdict=pass
	fi
	# whatever the program left behind in our private state root
	left=0
	ids=$("$RT" --root "$OUT/state" list -q 2>/dev/null)
	for id in $ids; do
		"$RT" --root "$OUT/state" delete -f "$id" >/dev/null 2>&1
		left=$((left + 1))
	done
	[ "$left" -gt 0 ] && why="$why (left $left container(s), deleted)"
	cg=$(oci_cgroup_cleanup)
	[ "$cg" -gt 0 ] && why="$why (left $cg non-empty cgroup(s))"
	rm -rf "${OUT:?}/tmp/"* 2>/dev/null
	printf '%-40s %5d %5d %5d  %-4s %6.1fs %s\n' "$n" "$p" "$f" "$s" "$verdict" \
		"$(awk -v u=$((t1 - t0)) 'BEGIN { print u / 1e6 }')" "${why# }"
}

# on any exit: containers still in our state root (an interrupted program)
oci_leftovers() {
	local id
	for id in $("$RT" --root "$OUT/state" list -q 2>/dev/null); do
		"$RT" --root "$OUT/state" delete -f "$id" >/dev/null 2>&1
	done
	[ -f "$OUT/cg.before" ] && oci_cgroup_cleanup >/dev/null
}

oci_main_inner() {
	local n
	mkdir -p "$OUT/state" "$OUT/tmp"
	# the suite calls "$RUNTIME <cmd> ..."; keep its containers in our own root
	printf '#!/bin/sh\nexec %q --root %q "$@"\n' "$RT" "$OUT/state" > "$OUT/runtime"
	chmod 0755 "$OUT/runtime"
	oci_cgroup_snapshot > "$OUT/cg.before"
	: > "$OUT/results"
	{
		echo "# runtime: $RT ($("$RT" --version 2>/dev/null | head -n 1))"
		echo "# suite: $SUITE at $(git -C "$SUITE" log -1 --format='%h %cs' 2>/dev/null || echo '?')"
		echo "# host: $(uname -r), $(nproc) cpus, cgroup view: $OCI_VIEW, timeout ${TIMEOUT}s/program"
		printf '%-40s %5s %5s %5s  %-4s %7s %s\n' program pass fail skip res time why
	} | tee "$OUT/summary.txt"
	trap oci_leftovers EXIT
	for n in $(oci_programs); do
		[ -x "$SUITE/validation/$n/$n.t" ] || die "validation/$n/$n.t not built"
		oci_run_one "$n"
	done | tee "$OUT/results"
	cat "$OUT/results" >> "$OUT/summary.txt"
	awk '
	{ np++; ap += $2; af += $3; as += $4
	  if ($5 == "pass") pp++; else if ($5 == "skip") ps++; else pf++ }
	END {
		printf "TOTAL assertions: %d passed, %d failed, %d skipped\n", ap, af, as
		printf "TOTAL programs: %d passed, %d failed, %d skipped (of %d)\n", pp, pf, ps, np
	}' "$OUT/results" | tee -a "$OUT/summary.txt"
	echo "# logs: $OUT/<program>.tap and .stderr, summary: $OUT/summary.txt"
}

# --- main ------------------------------------------------------------------------
if [ -z "${OCI_INNER:-}" ]; then
	[ "$(id -u)" = 0 ] || die "run as root"
	command -v timeout >/dev/null || die "timeout (coreutils) needed"
	[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/runh-oci.XXXXXX) || die "mktemp failed"
	mkdir -p "$OUT" || die "cannot create $OUT"
	OUT=$(cd "$OUT" && pwd)
	[ -n "${OCI_NO_BUILD:-}" ] || oci_build
	[ -x "$SUITE/runtimetest" ] || die "$SUITE/runtimetest not built"
	[ -f "$SUITE/rootfs-$(go env GOARCH 2>/dev/null || echo amd64).tar.gz" ] ||
		die "the checkout has no rootfs tarball"
	exec 9>"$LOCK" || die "cannot open $LOCK"
	note "waiting for $LOCK"
	flock 9 || die "flock $LOCK failed"
	export OCI_INNER=1
	case ${CGROUP_VIEW:-v1} in
	v1)
		if oci_is_hybrid; then
			command -v unshare >/dev/null || die "unshare (util-linux) needed"
			export OCI_VIEW="pure v1 (private mount ns, /sys/fs/cgroup/unified replaced by an empty tmpfs)"
			# the lock fd 9 stays open across both execs
			exec unshare --mount --propagation private -- /bin/sh -c '
				umount /sys/fs/cgroup/unified || exit 1
				mount -t tmpfs -o size=1m,mode=0755 oci-no-cgroup2 /sys/fs/cgroup/unified || exit 1
				exec bash "$0" "$@"' "$0" "$SUITE" "$RT" "$OUT"
		fi
		export OCI_VIEW="host (not hybrid)"
		;;
	host) OCI_VIEW="host ($(stat -f -c %T /sys/fs/cgroup))"; export OCI_VIEW ;;
	*) die "CGROUP_VIEW must be v1 or host" ;;
	esac
fi
[ -n "$OUT" ] || die "no OUT"
oci_main_inner
