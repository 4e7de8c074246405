#!/bin/bash
# Helpers for the integration tests: TAP output, bundles from the busybox rootfs,
# a runh wrapper that captures status/stdout/stderr, and leftover checks.
# Sourced by run.sh; each t-*.sh runs in its own bash with these loaded.

: "${RUNH:?RUNH must point at the runh binary}"
: "${IT_WORK:?IT_WORK must be a scratch directory}"
ROOT="$IT_WORK/state"
ROOTFS="$IT_WORK/rootfs"
TAG="runh-it-$$"
CGPARENT="/runh-it-$$" # every test container's cgroup lives under this, removed at the end

_n=0
ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $*"; }
skip() { _n=$((_n + 1)); echo "ok $_n # skip $*"; }
diag() { sed 's/^/# /' <<<"$*"; }

# check DESC COMMAND...: one TAP line from the command's exit status.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else
		not_ok "$desc"
		diag "status=$status"
		diag "stdout: $out"
		diag "stderr: $errout"
	fi
}

# out_has / out_lacks ERE: a line of $out matches / no line does.
out_has() { grep -qE "$1" <<<"$out"; }
out_lacks() { ! grep -qE "$1" <<<"$out"; }

# jqt FILTER: jq -e FILTER on $out, quietly (for check); jqf FILE FILTER on a file.
jqt() { jq -e "$@" <<<"$out" >/dev/null; }
jqf() { local f=$1; shift; jq -e "$@" "$f" >/dev/null; }

# checkx DESC 'CONDITION': like check, for a compound condition (&&, ||) given as one
# shell string, evaluated here.
checkx() {
	local desc=$1
	shift
	if eval "$1"; then ok "$desc"; else
		not_ok "$desc"
		diag "status=$status"
		diag "stdout: $out"
		diag "stderr: $errout"
	fi
}

# runh ARGS...: sets $status, $out, $errout.
runh() {
	local o e
	o=$(mktemp) e=$(mktemp)
	"$RUNH" --root "$ROOT" "$@" >"$o" 2>"$e" </dev/null
	status=$?
	out=$(cat "$o") errout=$(cat "$e")
	rm -f "$o" "$e"
	return 0
}

# bundle NAME JQ-FILTER [ARGS...]: a bundle dir with the shared rootfs and `runh spec`'s
# config, the process args set to ARGS (a shell command when one string).
bundle() {
	local name=$1 filter=$2
	shift 2
	local dir="$IT_WORK/$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	ln -s "$ROOTFS" "$dir/rootfs"
	(cd "$dir" && "$RUNH" spec) || return 1
	local args
	args=$(jq -cn '$ARGS.positional' --args -- "$@")
	jq --argjson a "$args" --arg tag "RUNH_IT=$TAG" --arg cg "$CGPARENT/$name" \
		'.process.args = $a | .process.env += [$tag] | .linux.cgroupsPath = $cg | '"$filter" \
		"$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
	echo "$dir"
}

# run_in FILTER COMMAND: run a container with `sh -c COMMAND`, attached.
run_in() {
	local filter=$1 cmd=$2 id="c$RANDOM$RANDOM"
	local dir
	dir=$(bundle "$id" "$filter" sh -c "$cmd") || { status=99; return; }
	runh run --bundle "$dir" "$id"
	last_id=$id
}

# Processes still carrying this test file's tag in their environment.
tagged_pids() {
	grep -lsa "RUNH_IT=$TAG" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
}

# The container's cgroup directories on the host (every hierarchy).
cgroup_dirs() {
	local h
	for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
		[ -d "$h$CGPARENT/$1" ] && echo "$h$CGPARENT/$1"
	done
}

# nothing_left ID: no state dir, no tagged process, no host mount under the work dir,
# no cgroup.
nothing_left() {
	local id=$1
	[ ! -e "$ROOT/$id" ] || { diag "state dir $ROOT/$id left"; return 1; }
	[ -z "$(cgroup_dirs "$id")" ] || { diag "cgroups left: $(cgroup_dirs "$id")"; return 1; }
	[ -z "$(tagged_pids)" ] || { diag "processes left: $(tagged_pids)"; return 1; }
	! grep -q " $IT_WORK" /proc/self/mountinfo || { diag "mounts left"; return 1; }
}

# prop_probe ID FILTER ROOT BIND DEST: a container (FILTER, rootfsPropagation ROOT or
# "unset", CAP_SYS_ADMIN) with a shared host directory bound at DEST with propagation
# BIND; a tmpfs mounted on each side.  Sets h2c / c2h (1: the other side saw it) and
# leaves the container running with its source in $src (prop_done removes both).
prop_probe() {
	local id=$1 filter=$2 root=$3 bind=$4 dest=$5 rp="" dir
	local caps='.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])'
	src="$IT_WORK/prop-$id"
	mkdir -p "$src/h" "$src/c"
	mount --bind "$src" "$src" && mount --make-shared "$src"
	[ "$root" != unset ] && rp=" | .linux.rootfsPropagation = \"$root\""
	dir=$(bundle "$id" "$filter$caps | .mounts += [{\"destination\":\"$dest\",\"type\":\"bind\",\"source\":\"$src\",\"options\":[\"rbind\",\"$bind\"]}]$rp" sleep 300)
	runh run -d --bundle "$dir" "$id"
	[ "$status" = 0 ] || diag "run: $errout"
	runh exec "$id" mount -t tmpfs from-container "$dest/c"
	c2h=0
	mountpoint -q "$src/c" && c2h=1
	mount -t tmpfs from-host "$src/h"
	runh exec "$id" grep -q " $dest/h " /proc/mounts
	h2c=0
	[ "$status" = 0 ] && h2c=1
}

# prop_done ID: delete prop_probe's container and unmount its source.
prop_done() {
	runh delete --force "$1"
	umount -l "$src/h" "$src/c" 2>/dev/null
	umount -l "$src" 2>/dev/null
}

# wait_until TIMEOUT-SECONDS COMMAND...: poll a condition (tests only; bounded).
wait_until() {
	local t=$1
	shift
	local end=$((SECONDS + t))
	while ! "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

cleanup_all() {
	local id
	for id in $(ls "$ROOT" 2>/dev/null); do
		"$RUNH" --root "$ROOT" delete --force "$id" >/dev/null 2>&1
	done
	for p in $(tagged_pids); do kill -9 "$p" 2>/dev/null; done
	local d
	for d in /sys/fs/cgroup/*"$CGPARENT" /sys/fs/cgroup"$CGPARENT"; do
		[ -d "$d" ] && rmdir "$d"/* "$d" 2>/dev/null
	done
}
trap cleanup_all EXIT
