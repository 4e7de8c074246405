#!/bin/bash
# tests/bench/run.sh [RUNH] [N]
#
# Speed of runh next to runc and crun (each only when installed), on the same
# bundle, in the same cgroup view, interleaved:
#   run        `RT run` of a busybox /bin/true container, wall ms per container
#   lifecycle  create + start + `state` polled until stopped + delete (what
#              containerd-style clients do), wall ms per container, and each of
#              create / start / delete on its own
#   rss        peak RSS (KiB) of `RT run` (GNU time %M: the largest of the
#              runtime process and the children it waited for)
#   binary     size in bytes, shared libraries (ldd)
# Medians and p95 (nearest rank) over N containers per runtime (default 100).
#
# Interleaving: N is split into rounds of ROUND (10) containers; in each round
# every runtime runs its batch (after one uncounted lead-in container), and the
# order of the runtimes rotates from round to round, so drift and noise on this
# shared 2-core VM fall on every runtime alike. WARMUP (3) uncounted containers
# per runtime come first.
#
# Knobs: RUNH=build/runh  RUNC=/usr/sbin/runc  CRUN=crun (a runtime whose binary
# is missing is left out; RUNC= or CRUN= empty leaves it out), ROUND=10,
# WARMUP=3, RSS_N=10, CGROUP_VIEW=v1|host (as tests/oci/run.sh: on the hybrid
# host every runtime runs in a private mount namespace where the cgroup2 at
# /sys/fs/cgroup/unified is an empty tmpfs, since crun 1.8 refuses hybrid hosts).
#
# The timed part holds the machine-wide lock /tmp/runh-integration.lock.
set -u
export LC_ALL=C

die() { echo "bench: error: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
RUNH=${1:-${RUNH:-$TOP/build/runh}}
N=${2:-${N:-100}}
ROUND=${ROUND:-10}
WARMUP=${WARMUP:-3}
RSS_N=${RSS_N:-10}
LOCK=/tmp/runh-integration.lock
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -gt 0 ] || die "N must be a positive number"

if [ -z "${BENCH_INNER:-}" ]; then
	[ "$(id -u)" = 0 ] || die "run as root"
	[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) needed: apt-get install time"
	[ -x /bin/busybox ] && ! ldd /bin/busybox 2>/dev/null | grep -q '=>' ||
		die "a static /bin/busybox is needed: apt-get install busybox-static"
	exec 9>"$LOCK" || die "cannot open $LOCK"
	note "waiting for $LOCK"
	flock 9 || die "flock failed"
	export BENCH_INNER=1 RUNH N
	if [ "${CGROUP_VIEW:-v1}" = v1 ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		export BENCH_VIEW="pure v1 (private mount ns, /sys/fs/cgroup/unified replaced by an empty tmpfs)"
		exec unshare --mount --propagation private -- /bin/sh -c '
			umount /sys/fs/cgroup/unified || exit 1
			mount -t tmpfs -o size=1m,mode=0755 bench-no-cgroup2 /sys/fs/cgroup/unified || exit 1
			exec bash "$0" "$@"' "$0" "$RUNH" "$N"
	fi
	BENCH_VIEW="host ($(stat -f -c %T /sys/fs/cgroup))"; export BENCH_VIEW
fi

# --- runtimes ----------------------------------------------------------------------
NAMES=(); BINS=()
add_rt() {
	local p
	[ -n "$2" ] || return 0
	p=$(command -v -- "$2" 2>/dev/null) || { note "$1 not installed ($2): left out"; return 0; }
	NAMES+=("$1"); BINS+=("$(readlink -f -- "$p")")
}
add_rt runh "$RUNH"
[ "${#NAMES[@]}" = 1 ] || die "runh binary not found: $RUNH (run make first)"
add_rt runc "${RUNC-/usr/sbin/runc}"
add_rt crun "${CRUN-crun}"
K=${#NAMES[@]}

W=$(mktemp -d /tmp/runh-bench.XXXXXX) || die "mktemp failed"
CG=/runh-bench-$$
ERR=$W/errors.log
: > "$ERR"

cleanup() {
	local i id d
	for ((i = 0; i < K; i++)); do
		for id in $("${BINS[i]}" --root "$W/state.$i" list -q 2>/dev/null); do
			"${BINS[i]}" --root "$W/state.$i" delete -f "$id" >/dev/null 2>&1
		done
	done
	for d in /sys/fs/cgroup/*"$CG"; do
		[ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	rm -rf -- "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the bundle: busybox rootfs, a config like `runc spec`'s default ---------------
make_bundle() {
	local b=$1 r=$1/rootfs a
	mkdir -p "$r"/{bin,proc,sys,dev,tmp,etc,root}
	cp /bin/busybox "$r/bin/busybox"
	for a in sh true; do ln -s busybox "$r/bin/$a"; done
	echo "root:x:0:0:root:/root:/bin/sh" > "$r/etc/passwd"
	echo "root:x:0:" > "$r/etc/group"
	cat > "$b/config.json" <<EOF
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": [ "/bin/true" ],
    "env": [ "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm" ],
    "cwd": "/",
    "capabilities": {
      "bounding": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "effective": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "permitted": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ]
    },
    "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": true },
  "hostname": "bench",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
      "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
      "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
      "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
    { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
      "options": [ "nosuid", "noexec", "nodev" ] },
    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
      "options": [ "nosuid", "noexec", "nodev", "ro" ] },
    { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
      "options": [ "nosuid", "noexec", "nodev", "relatime", "ro" ] }
  ],
  "linux": {
    "cgroupsPath": "$CG/c",
    "resources": { "devices": [ { "allow": false, "access": "rwm" } ] },
    "namespaces": [ { "type": "pid" }, { "type": "network" }, { "type": "ipc" },
                    { "type": "uts" }, { "type": "mount" } ],
    "maskedPaths": [ "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
      "/proc/sched_debug", "/sys/firmware", "/proc/scsi" ],
    "readonlyPaths": [ "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
      "/proc/sysrq-trigger" ]
  }
}
EOF
}
make_bundle "$W/bundle"
for ((i = 0; i < K; i++)); do mkdir -p "$W/state.$i"; done

# --- one measurement (results in globals: no subshell on the timed path) -------------
SEQ=0
rt() { local i=$1; shift; "${BINS[i]}" --root "$W/state.$i" "$@"; }

# one_run I -> US; status of the runtime
one_run() {
	local i=$1 t0 rc id
	SEQ=$((SEQ + 1)); id=b$$-$SEQ
	t0=${EPOCHREALTIME/./}
	rt "$i" run --bundle "$W/bundle" "$id" </dev/null >/dev/null 2>>"$ERR"
	rc=$?
	US=$((${EPOCHREALTIME/./} - t0))
	[ $rc = 0 ] || rt "$i" delete -f "$id" >/dev/null 2>&1
	return $rc
}

# one_lifecycle I -> US (total) C S D (create, start, delete)
one_lifecycle() {
	local i=$1 t0 t1 t2 t3 t4 id out
	SEQ=$((SEQ + 1)); id=b$$-$SEQ
	t0=${EPOCHREALTIME/./}
	rt "$i" create --bundle "$W/bundle" "$id" </dev/null >/dev/null 2>>"$ERR" || {
		rt "$i" delete -f "$id" >/dev/null 2>&1; return 1; }
	t1=${EPOCHREALTIME/./}
	rt "$i" start "$id" </dev/null >/dev/null 2>>"$ERR" || {
		rt "$i" delete -f "$id" >/dev/null 2>&1; return 1; }
	t2=${EPOCHREALTIME/./}
	while :; do
		out=$(rt "$i" state "$id" 2>>"$ERR")
		[[ $out =~ \"status\"[[:space:]]*:[[:space:]]*\"stopped\" ]] && break
		if (((${EPOCHREALTIME/./} - t2) > 10000000)); then
			echo "$id did not stop within 10 s: $out" >>"$ERR"
			rt "$i" delete -f "$id" >/dev/null 2>&1; return 1
		fi
	done
	t3=${EPOCHREALTIME/./}
	rt "$i" delete "$id" </dev/null >/dev/null 2>>"$ERR" || {
		rt "$i" delete -f "$id" >/dev/null 2>&1; return 1; }
	t4=${EPOCHREALTIME/./}
	US=$((t4 - t0)); C=$((t1 - t0)); S=$((t2 - t1)); D=$((t4 - t3))
}

one_rss() {
	local i=$1 id
	SEQ=$((SEQ + 1)); id=b$$-$SEQ
	/usr/bin/time -f %M -o "$W/rss.out" "${BINS[i]}" --root "$W/state.$i" \
		run --bundle "$W/bundle" "$id" </dev/null >/dev/null 2>>"$ERR" || {
		rt "$i" delete -f "$id" >/dev/null 2>&1; return 1; }
	RSS=$(tail -n 1 "$W/rss.out")
}

# order of the runtimes in round R: rotated by R
order() { local r=$1 j; ORDER=(); for ((j = 0; j < K; j++)); do ORDER+=($(((j + r) % K))); done; }

# measure KIND (run|lifecycle): samples into $W/<i>.<metric>, failures into $W/<i>.fail.KIND
measure() {
	local kind=$1 r i m nr=$(((N + ROUND - 1) / ROUND))
	note "$kind: $WARMUP warm-up + $N timed per runtime, $nr rounds of $ROUND (+1 lead-in), order rotating"
	for ((r = 0; r < WARMUP; r++)); do for ((i = 0; i < K; i++)); do "one_$kind" "$i"; done; done
	for ((r = 0; r < nr; r++)); do
		order "$r"
		for i in "${ORDER[@]}"; do
			"one_$kind" "$i"   # lead-in: pays for what the previous runtime left behind
			for ((m = 0; m < ROUND && r * ROUND + m < N; m++)); do
				if "one_$kind" "$i"; then
					echo "$US" >> "$W/$i.$kind"
					if [ "$kind" = lifecycle ]; then
						echo "$C" >> "$W/$i.create"; echo "$S" >> "$W/$i.start"; echo "$D" >> "$W/$i.delete"
					fi
				else
					echo x >> "$W/$i.fail.$kind"
				fi
			done
		done
	done
}

# stats FILE DIV -> "median p95 n" (values / DIV, 1 decimal)
stats() {
	sort -g "$1" | awk -v d="$2" '{ a[++n] = $1 / d }
	END {
		if (!n) { print "NA NA 0"; exit }
		med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		k = int(0.95 * n + 0.999999); if (k < 1) k = 1
		printf "%.1f %.1f %d\n", med, a[k], n }'
}

# --- smoke test, then measure --------------------------------------------------------
for ((i = 0; i < K; i++)); do
	: > "$W/$i.run"; : > "$W/$i.lifecycle"; : > "$W/$i.create"; : > "$W/$i.start"
	: > "$W/$i.delete"; : > "$W/$i.rss"; : > "$W/$i.fail.run"; : > "$W/$i.fail.lifecycle"
	one_run "$i" || { tail -n 5 "$ERR" >&2; die "${BINS[i]} cannot run the bundle"; }
done
START=$(date -u +%FT%TZ)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
measure run
measure lifecycle
note "rss: $RSS_N samples of \`run\` per runtime"
for ((r = 0; r < RSS_N; r++)); do
	order "$r"
	for i in "${ORDER[@]}"; do one_rss "$i" && echo "$RSS" >> "$W/$i.rss"; done
done

# --- report ----------------------------------------------------------------------------
echo "# $START, $(uname -r), $(nproc) cpus, loadavg before $LOAD0 after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# cgroup view: $BENCH_VIEW; N=$N per runtime, rounds of $ROUND, warm-up $WARMUP, back to back"
printf '%-6s %-10s %15s %15s %15s %9s %9s %9s %11s %12s %s\n' runtime version \
	"run med/p95" "lifecyc med/p95" "create med/p95" "start med" "delete med" "peak RSS" "binary" "shared libs" failures
for ((i = 0; i < K; i++)); do
	v=$("${BINS[i]}" --version 2>/dev/null | head -n 1 | awk '{ print $NF }')
	read -r rm rp _ < <(stats "$W/$i.run" 1000)
	read -r lm lp _ < <(stats "$W/$i.lifecycle" 1000)
	read -r cm cp _ < <(stats "$W/$i.create" 1000)
	read -r sm _ _ < <(stats "$W/$i.start" 1000)
	read -r dm _ _ < <(stats "$W/$i.delete" 1000)
	read -r mm _ _ < <(stats "$W/$i.rss" 1)
	libs=$(ldd "${BINS[i]}" 2>/dev/null | grep -c '=>')
	printf '%-6s %-10s %7s/%-7s %7s/%-7s %7s/%-7s %9s %9s %6s KiB %11s %12s %s\n' \
		"${NAMES[i]}" "$v" "$rm" "$rp" "$lm" "$lp" "$cm" "$cp" "$sm" "$dm" "${mm%.*}" \
		"$(stat -L -c %s "${BINS[i]}")" "$libs" \
		"run $(wc -l < "$W/$i.fail.run")/$N, lifecycle $(wc -l < "$W/$i.fail.lifecycle")/$N"
done
echo "# times in ms (wall, per container); peak RSS = median GNU time %M of \`run\`"
for ((i = 0; i < K; i++)); do echo "# ${NAMES[i]}: ${BINS[i]}"; done
if [ -s "$ERR" ]; then
	echo "# runtime errors (last 5):"
	tail -n 5 "$ERR" | sed 's/^/#   /'
fi
