# docker drives runh: Debian's docker.io (dockerd 20.10), installed when missing, with a
# daemon of our own (data-root, exec-root, pidfile, socket and containerd in a temp dir; no
# bridge, no iptables; cgroupfs under $CGPARENT), `--add-runtime runh=$RUNH`, a busybox
# image imported from the test rootfs, and what docker users do, each container with
# `--runtime runh` and `--network none`, each result seen from inside the container or on
# the host. A second daemon runs with --userns-remap. Every docker call has a timeout, so
# a hang fails one test, not the suite; everything started here is stopped by pid.

if ! command -v dockerd >/dev/null && command -v apt-get >/dev/null; then
	diag "installing docker.io from Debian"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io; } >/dev/null 2>&1
fi
# Debian's client, the one that matches its dockerd (a newer one may come first in PATH).
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
if ! command -v dockerd >/dev/null || [ -z "$DOCKER" ] || ! command -v containerd >/dev/null ||
	! command -v containerd-shim-runc-v2 >/dev/null; then
	skip "docker.io is not installed (apt-get install docker.io)"
	return 0 2>/dev/null || exit 0
fi
fixtures=$IT_DIR/../docker
dw=$IT_WORK/docker
mkdir -p "$dw"
chmod 755 "$dw" # the remapped root of --userns-remap must reach its image layers
img=runh-it/busybox:1
RF=(--runtime runh --network none -e "RUNH_IT=$TAG")
declare -A dpid=()
ctd_pid=
remap_user=runh-it-remap remap_user_added=0 remap_sub= remap_mark="runh t-docker.sh"
# A remap user left by a run that was killed: ours (by its comment), removed first.
if [ "$(getent passwd "$remap_user" | cut -d: -f5)" = "$remap_mark" ]; then
	userdel "$remap_user" >/dev/null 2>&1
	sed -i "/^$remap_user:/d" /etc/subuid /etc/subgid
fi
host_files() {
	ls -A /etc/docker /run/containerd/s 2>&1
	ls -d /var/lib/docker /var/lib/containerd /run/docker /run/docker.sock /run/docker.pid 2>&1
	md5sum /etc/passwd /etc/group /etc/subuid /etc/subgid 2>&1
}
host_before=$(host_files)
t_start=$(date +%s)
# dockerd makes /run/docker/plugins whatever its exec-root (a fixed path): ours to remove
# at the end when it was not there before.
[ -e /run/docker ] && made_run_docker=0 || made_run_docker=1

# ctd_log_mark / ctd_log_since: containerd's (and its shims') warnings and errors logged
# since the mark: where a runtime failure inside the shim (kill, delete) shows.
ctd_log_mark() { logmark=$(wc -l <"$dw/containerd/containerd.log"); }
ctd_log_since() { tail -n +$((logmark + 1)) "$dw/containerd/containerd.log" | grep -E 'level=(error|warning)'; }
# gone PID: the process has exited (a zombie of ours counts as exited).
gone() { [ ! -e "/proc/$1" ] || grep -qE '^[0-9]+ \(.*\) Z' "/proc/$1/stat" 2>/dev/null; }
# Processes started by our containerd (its shims) and by our containers, by pid.
our_pids() {
	# (the pattern does not match grep's own command line)
	grep -lsa -e "$dw/containerd/[c]ontainerd" -e "$dw/containerd/[c]onfig" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3
	grep -lsa -e "RUNH_IT=$TAG" -e "RUNH_IT_PIDHOST=$TAG" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
}

# Our own containerd: state, root and sockets under $dw/containerd. (Without --containerd,
# dockerd 20.10 uses /run/containerd/containerd.sock when that exists, the system's, and
# starts its own only when it does not.) containerd 1.6 puts its shims' sockets in the fixed
# /run/containerd/s; they go with the shims.
cw=$dw/containerd
csock=$cw/containerd.sock
mkdir -p "$cw"
cat >"$cw/config.toml" <<CONF
version = 2
root = "$cw/root"
state = "$cw/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$csock"
[ttrpc]
  address = "$csock.ttrpc"
[debug]
  address = "$cw/debug.sock"
[metrics]
  address = ""
CONF
containerd --config "$cw/config.toml" >"$cw/containerd.log" 2>&1 &
ctd_pid=$!
wait_until 15 test -S "$csock"

# start_dockerd NAME [ARGS...]: a dockerd whose every path is under $dw/NAME, talking to our
# containerd in its own namespace; its daemon.json (if any) is written before.
start_dockerd() {
	local n=$1 d=$dw/$1
	shift
	mkdir -p "$d"
	# (the trust key would go to /etc/docker/key.json without deprecated-key-path)
	[ -f "$d/daemon.json" ] || printf '{"deprecated-key-path": "%s"}\n' "$d/key.json" >"$d/daemon.json"
	dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
		-H "unix://$d/docker.sock" --config-file "$d/daemon.json" \
		--containerd "$csock" --containerd-namespace "runh-it-$n" \
		--containerd-plugins-namespace "runh-it-$n-plugins" \
		--iptables=false --ip6tables=false --ip-masq=false --bridge=none --userland-proxy=false \
		--exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "$CGPARENT" \
		"$@" >"$d/dockerd.log" 2>&1 &
	dpid[$n]=$!
	wait_until 30 timeout 5 "$DOCKER" -H "unix://$d/docker.sock" version >/dev/null 2>&1
}
# D / R ARGS...: docker on the main / the userns-remap daemon, bounded by ${DT:-30} s.
D() { timeout -k 5 "${DT:-30}" "$DOCKER" -H "unix://$dw/main/docker.sock" "$@"; }
R() { timeout -k 5 "${DT:-30}" "$DOCKER" -H "unix://$dw/remap/docker.sock" "$@"; }

stop_dockerd() {
	local n=$1 pid=${dpid[$1]:-} ids
	[ -n "$pid" ] || return 0
	ids=$(timeout 20 "$DOCKER" -H "unix://$dw/$n/docker.sock" ps -aq 2>/dev/null)
	[ -z "$ids" ] || timeout 60 "$DOCKER" -H "unix://$dw/$n/docker.sock" rm -f $ids >/dev/null 2>&1
	unset "dpid[$n]"
	stop_pid "$pid"
}
# stop_pid PID: SIGTERM, then SIGKILL after 20 s (returns 1 then), and reap it.
stop_pid() {
	local r=0
	kill -TERM "$1" 2>/dev/null
	wait_until 20 gone "$1" || { kill -KILL "$1" 2>/dev/null; r=1; }
	wait "$1" 2>/dev/null
	return $r
}
# stop_daemons: every dockerd (their containers removed first), then containerd.
stop_daemons() {
	local n
	for n in "${!dpid[@]}"; do stop_dockerd "$n"; done
	[ -z "$ctd_pid" ] || stop_pid "$ctd_pid"
	ctd_pid=
}
stop_all() {
	local p
	stop_daemons
	for p in $(our_pids); do kill -KILL "$p" 2>/dev/null; done
	grep " $dw" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l 2>/dev/null
	if [ "$remap_user_added" = 1 ]; then
		userdel "$remap_user" >/dev/null 2>&1
		remap_user_added=0
	fi
	if [ -n "$remap_sub" ]; then
		sed -i "/^$remap_user:$remap_sub:65536\$/d" /etc/subuid /etc/subgid
		remap_sub=
	fi
	[ "$made_run_docker" = 0 ] || rmdir /run/docker/plugins /run/docker 2>/dev/null
	! grep -q " $dw" /proc/self/mountinfo && rm -rf "$dw"
}
trap 'stop_all; cleanup_all' EXIT

# RUNH_DOCKER_TRACE=1: docker calls runh through a wrapper that logs each command line, its
# exit status and, on failure, the end of runh's --log (the shim does not always pass it
# on); the log is shown at the end. Off by default: docker calls $RUNH itself.
runh_for_docker=$RUNH
if [ -n "${RUNH_DOCKER_TRACE:-}" ]; then
	runh_for_docker=$dw/runh-trace
	cat >"$runh_for_docker" <<TRACE
#!/bin/bash
log= prev=
for a in "\$@"; do [ "\$prev" = --log ] && log=\$a; prev=\$a; done
"$RUNH" "\$@"
rc=\$?
{ echo "runh \$* -> \$rc"; [ \$rc = 0 ] || [ -z "\$log" ] || tail -n 3 "\$log" | sed 's/^/  /'; } >>"$dw/trace.log"
exit \$rc
TRACE
	chmod 755 "$runh_for_docker"
fi

# The daemon that runs every container below: runh added with --add-runtime and made the
# default (so that `docker build` runs its RUN steps with it too).
start_dockerd main --add-runtime "runh=$runh_for_docker" --default-runtime runh
out=$(D info --format '{{.DefaultRuntime}} {{json .Runtimes}} {{.CgroupDriver}} {{.CgroupVersion}}' 2>&1)
checkx "our own dockerd answers on its socket, with runh registered and the default" \
	'out_has "^runh \{.*\"runh\":\{\"path\":\"$runh_for_docker\".*\} cgroupfs"'
if ! D version >/dev/null 2>&1; then
	diag "$(tail -n 20 "$dw/main/dockerd.log")"
	return 0 2>/dev/null || exit 0
fi

tar --numeric-owner -C "$ROOTFS" -cf "$dw/rootfs.tar" .
[ ! -x "${RUNH_HELPERS:-}/sysprobe" ] ||
	tar --numeric-owner -C "$RUNH_HELPERS" --transform 's,^,bin/,' -rf "$dw/rootfs.tar" sysprobe
out=$(D import -c 'CMD ["/bin/sh"]' - "$img" <"$dw/rootfs.tar" 2>&1)
check "docker import of the busybox rootfs" out_has '^sha256:'

# drun ARGS...: docker run --rm with runh, no network; sets $out and $status.
drun() { out=$(D run --rm "${RF[@]}" "$@" 2>&1); status=$?; errout=; }
# cg CONTROLLER ID FILE: a cgroup v1 file of a docker container on the host; cgv: the
# same, "none" when the kernel has no such file.
cg() { cat "/sys/fs/cgroup/$1$CGPARENT/$2/$3" 2>&1; }
cgv() { if [ -e "/sys/fs/cgroup/$1$CGPARENT/$2/$3" ]; then cg "$@"; else echo none; fi; }
# in_tty COMMAND-LINE: run it in a terminal (script(1)), typing $typed; sets $out, $status.
in_tty() { out=$(printf '%s\n' "$typed" | timeout 30 script -qec "$1" /dev/null 2>&1); status=$?; }

drun "$img" sh -c 'id; echo hi-from-docker'
checkx "docker run --runtime runh: runs, as root by default" 'out_has "^uid=0\(root\) gid=0\(root\)" && out_has "^hi-from-docker"'
drun "$img" sh -c 'exit 3'
check "docker run: the exit code (3) comes back" [ "$status" = 3 ]

base=$(D run -d "${RF[@]}" --ipc shareable --name runh-it-base "$img" sleep 300 2>&1)
out=$(D inspect -f '{{.State.Status}} {{.HostConfig.Runtime}} {{.State.Pid}}' "$base" 2>&1)
check "docker run -d: running, on runh" out_has '^running runh [0-9]+$'
basepid=$(cut -d' ' -f3 <<<"$out")
out=$(D inspect --format '{{.Id}}: User={{.Config.User}}' "$base" 2>&1)
check "the CIS query (docker inspect .Config.User) says root: '$out'" [ "$out" = "$base: User=" ]
check "... and the container's process is root on the host (Uid 0)" grep -qE '^Uid:\s+0\s+0\s+0\s+0$' "/proc/$basepid/status"
check "a default container's cpu.shares is 1024 (docker sends 0: unset)" [ "$(cg cpu "$base" cpu.shares)" = 1024 ]
# (docker sends blkio weight 0 and no swap limit: the kernel's defaults, which the cgroup
# parent, made by mkdir, has too)
bw=$(cgv blkio "$base" blkio.bfq.weight)
[ "$(cgv memory "$base" memory.memsw.limit_in_bytes)" = none ] && sw128=none || sw128=134217728
out="$bw $(cgv memory "$base" memory.memsw.limit_in_bytes)"
check "... and its blkio weight and swap limit are the kernel's defaults: $out" \
	[ "$out" = "$(cgv blkio "" blkio.bfq.weight) $(cgv memory "" memory.memsw.limit_in_bytes)" ]

u=$(D run -d "${RF[@]}" --user 1000:1000 "$img" sleep 300 2>&1)
out=$(D inspect --format '{{.Id}}: User={{.Config.User}} {{.State.Pid}}' "$u" 2>&1)
checkx "--user 1000:1000: the CIS query says so" '[ "${out% *}" = "$u: User=1000:1000" ]'
upid=${out##* }
checkx "... and the process runs as 1000:1000 on the host" \
	'grep -qE "^Uid:\s+1000\s+1000\s+1000\s+1000$" /proc/$upid/status && grep -qE "^Gid:\s+1000\s+1000\s+1000\s+1000$" /proc/$upid/status'
out=$(D exec "$u" sh -c 'id -u; id -g; id -G' 2>&1)
check "... and exec into it too (1000 1000 1000)" [ "$(echo $out)" = "1000 1000 1000" ]
D rm -f "$u" >/dev/null 2>&1

drun --read-only --tmpfs /tmp "$img" sh -c 'touch /x 2>/dev/null || echo root-ro; touch /tmp/y && echo tmp-rw; grep -E "^[^ ]+ /(tmp)? " /proc/mounts'
checkx "--read-only --tmpfs /tmp: the root is read-only, /tmp a writable tmpfs" \
	'out_has "^root-ro$" && out_has "^tmp-rw$" && out_has "^[^ ]+ / [^ ]+ ro[, ]" && out_has "^tmpfs /tmp tmpfs rw,"'

caps='grep -E "^(Cap(Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t " " "'
drun "$img" sh -c "$caps"
checkx "default capabilities: docker's 14 (a80425fb) effective and bounding, none ambient; NoNewPrivs 0" \
	'out_has "^CapEff: 00000000a80425fb$" && out_has "^CapBnd: 00000000a80425fb$" && out_has "^CapAmb: 0+$" && out_has "^NoNewPrivs: 0$"'
drun --cap-drop ALL "$img" sh -c "$caps; chown 1 /tmp 2>&1"
checkx "--cap-drop ALL: no capability at all, and chown is refused" \
	'out_has "^CapEff: 0+$" && out_has "^CapBnd: 0+$" && out_has "^CapPrm: 0+$" && out_has "Operation not permitted"'
drun --cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add CHOWN "$img" sh -c "$caps"
checkx "--cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add CHOWN: exactly those (401)" \
	'out_has "^CapEff: 0000000000000401$" && out_has "^CapBnd: 0000000000000401$"'
drun --cap-add SYS_ADMIN "$img" sh -c "$caps"
checkx "--cap-add SYS_ADMIN: added to the default set (a82425fb)" 'out_has "^CapEff: 00000000a82425fb$"'
drun --security-opt no-new-privileges "$img" sh -c "$caps"
check "--security-opt no-new-privileges: NoNewPrivs 1" out_has '^NoNewPrivs: 1$'

probe='grep ^Seccomp: /proc/self/status | tr -s "\t" " "; sysprobe keyctl 2>/dev/null || echo no-sysprobe'
drun "$img" sh -c "$probe"
checkx "seccomp: docker's default profile is loaded (Seccomp: 2) and denies keyctl (EPERM)" \
	'out_has "^Seccomp: 2$" && (out_has "^keyctl: EPERM$" || out_has "^no-sysprobe$")'
drun --security-opt seccomp=unconfined "$img" sh -c "$probe"
checkx "--security-opt seccomp=unconfined: no filter (Seccomp: 0), keyctl reaches the kernel" \
	'out_has "^Seccomp: 0$" && out_lacks "^keyctl: EPERM$"'
drun --security-opt "seccomp=$fixtures/seccomp-mkdir.json" "$img" sh -c "$probe; mkdir /tmp/d 2>&1; touch /tmp/f && echo touch-ok"
checkx "a custom seccomp profile: mkdir fails with its errnoRet (EACCES), the rest is allowed" \
	'out_has "^Seccomp: 2$" && out_has "^mkdir: .*Permission denied$" && out_has "^touch-ok$" && out_lacks "^keyctl: EPERM$"'

# Resources: what docker asked for, in the container's cgroup on the host.
lim=$(D run -d "${RF[@]}" --name runh-it-lim --memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 50 "$img" sleep 300 2>&1)
res() {
	echo "mem=$(cg memory "$lim" memory.limit_in_bytes) swap=$(cgv memory "$lim" memory.memsw.limit_in_bytes)" \
		"quota=$(cg cpu "$lim" cpu.cfs_quota_us) period=$(cg cpu "$lim" cpu.cfs_period_us)" \
		"shares=$(cg cpu "$lim" cpu.shares) pids=$(cg pids "$lim" pids.max) blkio=$(cgv blkio "$lim" blkio.bfq.weight)"
}
out=$(res)
check "--memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 50, in the host's cgroup files (swap: docker's twice the memory)" \
	[ "$out" = "mem=67108864 swap=$sw128 quota=50000 period=100000 shares=512 pids=50 blkio=$bw" ]
out=$(D stats --no-stream --format '{{.MemUsage}}|{{.PIDs}}' "$lim" 2>&1)
check "docker stats --no-stream: the memory limit (64MiB) and 1 pid: '$out'" out_has '/ 64MiB\|1$'
out=$(D update --cpu-shares 256 "$lim" 2>&1)
out+=$'\n'$(res)
check "docker update --cpu-shares 256 changes only cpu.shares" out_has "^mem=67108864 swap=$sw128 quota=50000 period=100000 shares=256 pids=50 blkio=$bw$"
out=$(D update --pids-limit 80 "$lim" 2>&1)
out+=$'\n'$(res)
check "docker update --pids-limit 80 changes only pids.max" out_has "^mem=67108864 swap=$sw128 quota=50000 period=100000 shares=256 pids=80 blkio=$bw$"
out=$(D update --memory 96m "$lim" 2>&1)
out+=$'\n'$(res)
check "docker update --memory 96m changes only the memory limit" out_has "^mem=100663296 swap=$sw128 quota=50000 period=100000 shares=256 pids=80 blkio=$bw$"
out=$(D update --cpus 1.5 "$lim" 2>&1)
out+=$'\n'$(res)
check "docker update --cpus 1.5 changes only the quota" out_has "^mem=100663296 swap=$sw128 quota=150000 period=100000 shares=256 pids=80 blkio=$bw$"

out=$(D pause "$lim" 2>&1)
out+=$'\n'$(D inspect -f '{{.State.Status}}' "$lim" 2>&1)
out+=$'\n'$(cg freezer "$lim" freezer.state)
checkx "docker pause: paused, and frozen on the host" 'out_has "^paused$" && out_has "^FROZEN$"'
out=$(D unpause "$lim" 2>&1)
out+=$'\n'$(D inspect -f '{{.State.Status}}' "$lim" 2>&1)
out+=$'\n'$(cg freezer "$lim" freezer.state)
checkx "docker unpause: running, and thawed on the host" 'out_has "^running$" && out_has "^THAWED$"'

out=$(D top "$base" 2>&1)
checkx "docker top lists the container's process" 'out_has "^UID " && out_has "sleep 300$"'
out=$(D exec "$base" sh -c 'echo exec-ok; id -u; tr "\0" " " </proc/1/cmdline' 2>&1)
checkx "docker exec: in the container (its pid 1 is sleep 300), as root" 'out_has "^exec-ok$" && out_has "^0$" && out_has "^sleep 300 $"'
out=$(D exec -u 1000 "$base" id -u 2>&1)
check "docker exec -u 1000" [ "$out" = 1000 ]
typed='tty; echo exec-$((6*7)); exit 4'
in_tty "$DOCKER -H unix://$dw/main/docker.sock exec -it $base sh"
checkx "docker exec -it: interactive, on a pty" 'out_has "^/dev/pts/[0-9]+" && out_has "^exec-42"'
check "... with the exit status (4)" [ "$status" = 4 ]
typed='tty; echo run-$((6*7)); exit 5'
in_tty "$DOCKER -H unix://$dw/main/docker.sock run -it --rm ${RF[*]} $img sh"
checkx "docker run -it: interactive, on the container's pty, with its exit status (5)" \
	'out_has "^/dev/pts/0" && out_has "^run-42" && [ "$status" = 5 ]'

# --pid=host: containerd kills what is left in the cgroup when the init exits
# (`kill --all`); docker stop must not wait out its timeout.
ph=$(D run -d --runtime runh --network none -e "RUNH_IT_PIDHOST=$TAG" --pid host "$img" sh -c 'sleep 301 & exec sleep 300' 2>&1)
phpids() { grep -lsa "RUNH_IT_PIDHOST=$TAG" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; }
wait_until 10 test "$(phpids | wc -l)" -ge 2
ctd_log_mark
t0=$(date +%s%N)
out=$(D stop -t 10 "$ph" 2>&1)
ms=$((($(date +%s%N) - t0) / 1000000))
out+=$'\n'$(D inspect -f '{{.State.Status}}' "$ph" 2>&1)
out+=$'\n'$(ctd_log_since)
checkx "docker stop of a --pid=host container: exited in ${ms} ms (< 1000; its timeout is 10 s)" 'out_has "^exited$" && [ "$ms" -lt 1000 ]'
wait_until 5 test -z "$(phpids)"
check "... and its other process (sleep 301) is gone too" test -z "$(phpids)"
D rm -f "$ph" >/dev/null 2>&1

# rshared: a mount made under the volume on either side appears on the other; rslave:
# from the host in only. The source must be a shared mount (docker checks).
src=$dw/prop
mkdir -p "$src"
mount --bind "$src" "$src" && mount --make-shared "$src"
pr=$(D run -d "${RF[@]}" --cap-add SYS_ADMIN -v "$src:/mnt/shared:rshared" -v "$src:/mnt/slave:rslave" "$img" sleep 300 2>&1)
out=$pr
if D inspect "$pr" >/dev/null 2>&1; then
	mkdir -p "$src/h" && mount -t tmpfs -o size=1m runh-it-h "$src/h" && echo from-host >"$src/h/f"
	out=$(D exec "$pr" sh -c 'cat /mnt/shared/h/f; cat /mnt/slave/h/f' 2>&1)
	checkx "-v src:dst:rshared: a mount made on the host under src is seen inside" 'out_has "^from-host$"'
	check "-v src:dst:rslave: ... and under the rslave volume too" [ "$(echo $out)" = "from-host from-host" ]
	out=$(D exec "$pr" sh -c 'mkdir -p /mnt/shared/c && mount -t tmpfs -o size=1m runh-it-c /mnt/shared/c && echo from-ctr >/mnt/shared/c/f && echo mounted' 2>&1)
	out+=$'\n'$(cat "$src/c/f" 2>&1)
	checkx "-v src:dst:rshared: a mount made inside under dst is seen on the host" 'out_has "^mounted$" && out_has "^from-ctr$"'
	out=$(D exec "$pr" sh -c 'mkdir -p /mnt/slave/s && mount -t tmpfs -o size=1m runh-it-s /mnt/slave/s && echo mounted' 2>&1)
	checkx "-v src:dst:rslave: a mount made inside does not reach the host" 'out_has "^mounted$" && ! mountpoint -q "$src/s"'
else
	not_ok "docker run with -v src:dst:rshared: $out"
fi
D rm -f "$pr" >/dev/null 2>&1
grep " $src" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l 2>/dev/null

out=$(D run --rm --runtime runh -e "RUNH_IT=$TAG" --pid "container:$base" --network "container:$base" --ipc "container:$base" \
	"$img" sh -c 'for n in pid net ipc; do readlink /proc/self/ns/$n; done; ps -o args' 2>&1)
want=$(readlink "/proc/$basepid/ns/pid" "/proc/$basepid/ns/net" "/proc/$basepid/ns/ipc")
checkx "--pid/--network/--ipc=container:X: X's namespaces, X's processes" \
	'[ "$(grep -E "^(pid|net|ipc):" <<<"$out")" = "$want" ] && out_has "^sleep 300$"'

# docker build: RUN steps in containers of the default runtime (runh), no network.
mkdir -p "$dw/build"
cp "$fixtures/Dockerfile" "$dw/build/"
before=$(D ps -aq --no-trunc 2>/dev/null | sort)
out=$(DT=90 DOCKER_BUILDKIT=0 D build --rm=false --network none -t runh-it/built:1 "$dw/build" 2>&1)
checkx "docker build (RUN steps, runh the default runtime, --network none)" 'out_has "^Successfully tagged runh-it/built:1$"'
# (--rm=false keeps the build's containers: what docker recorded for them)
out=$(for c in $(comm -13 <(echo "$before") <(D ps -aq --no-trunc 2>/dev/null | sort)); do
	D inspect -f '{{.HostConfig.Runtime}} {{json .Config.Cmd}}' "$c"; done 2>&1)
checkx "... its RUN steps were containers of runh" \
	'[ "$(grep -cE "^runh .*\"-c\",\"(echo|mkdir) " <<<"$out")" = 2 ] && [ "$(grep -cv "^runh " <<<"$out")" = 0 ]'
drun runh-it/built:1
checkx "... and the built image runs: both RUN steps' files, ENV, WORKDIR" \
	'out_has "^built as uid 0 with NoNewPrivs: 0$" && out_has "^second-step$" && out_has "^env=yes$" && out_has "^/data$"'

# Everything the main daemon made is gone with its containers.
ids=$(D ps -aq 2>/dev/null)
[ -z "$ids" ] || D rm -f $ids >/dev/null 2>&1
# (dockerd 20.10 gives every runtime the state root runtime-runc, in containerd's namespace)
left=$(ls "$dw/main/exec/runtime-"*/*/ 2>/dev/null)
check "docker rm -f of every container: no runh state left" [ -z "$left" ]
left=$(for h in /sys/fs/cgroup/*/; do ls -d "$h${CGPARENT#/}"/*/ 2>/dev/null; done)
check "... and no container cgroup left under the cgroup parent" [ -z "$left" ]
stop_dockerd main
check "dockerd stopped by pid (SIGTERM)" [ $? = 0 ]

# A second daemon with --userns-remap (a user and subordinate ids of our own, removed at
# the end), configured through daemon.json as the README shows.
if ! getent passwd "$remap_user" >/dev/null; then
	useradd -r -M -s /usr/sbin/nologin -c "$remap_mark" "$remap_user" && remap_user_added=1
fi
remap_sub=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN { m = 400000 } $2 + $3 > m { m = $2 + $3 } END { print m }')
echo "$remap_user:$remap_sub:65536" >>/etc/subuid
echo "$remap_user:$remap_sub:65536" >>/etc/subgid
mkdir -p "$dw/remap"
printf '{"runtimes": {"runh": {"path": "%s"}}, "default-runtime": "runh", "userns-remap": "%s", "deprecated-key-path": "%s"}\n' \
	"$runh_for_docker" "$remap_user" "$dw/remap/key.json" >"$dw/remap/daemon.json"
start_dockerd remap
out=$(R info --format '{{.DefaultRuntime}} {{.SecurityOptions}}' 2>&1)
checkx "a --userns-remap dockerd (daemon.json: runtimes, default-runtime, userns-remap)" 'out_has "^runh .*name=userns"'
out=$(R import -c 'CMD ["/bin/sh"]' - "$img" <"$dw/rootfs.tar" 2>&1)
out=$(R run --rm "${RF[@]}" "$img" sh -c 'cat /proc/self/uid_map; id -u' 2>&1)
checkx "--userns-remap: root inside is $remap_sub on the host (uid_map), uid 0 inside" \
	'out_has "^ +0 +$remap_sub +65536$" && out_has "^0$"'
ux=$(R run -d "${RF[@]}" --ipc shareable "$img" sleep 300 2>&1)
uxpid=$(R inspect -f '{{.State.Pid}}' "$ux" 2>/dev/null)
check "--userns-remap: the container's process is uid $remap_sub on the host" grep -qE "^Uid:\s+$remap_sub\s" "/proc/${uxpid:-0}/status"
out=$(R exec "$ux" sh -c 'id -u; cat /proc/self/uid_map' 2>&1)
checkx "--userns-remap: docker exec, root of the container's user namespace" 'out_has "^0$" && out_has "^ +0 +$remap_sub +65536$"'
typed='tty; id -u; echo remap-$((6*7)); exit 6'
in_tty "$DOCKER -H unix://$dw/remap/docker.sock exec -it $ux sh"
checkx "--userns-remap: docker exec -it, on a pty, with the exit status (6)" \
	'out_has "^/dev/pts/[0-9]+" && out_has "^remap-42" && [ "$status" = 6 ]'
out=$(R run --rm --runtime runh -e "RUNH_IT=$TAG" --pid "container:$ux" --network "container:$ux" --ipc "container:$ux" \
	"$img" sh -c 'for n in user pid net ipc; do readlink /proc/self/ns/$n; done; ps -o args' 2>&1)
want=$(readlink "/proc/${uxpid:-0}/ns/user" "/proc/${uxpid:-0}/ns/pid" "/proc/${uxpid:-0}/ns/net" "/proc/${uxpid:-0}/ns/ipc")
checkx "--userns-remap with --pid/--network/--ipc=container:X: X's user, pid, net and ipc namespaces" \
	'[ "$(grep -E "^(user|pid|net|ipc):" <<<"$out")" = "$want" ] && out_has "^sleep 300$"'
ids=$(R ps -aq 2>/dev/null)
[ -z "$ids" ] || R rm -f $ids >/dev/null 2>&1
left=$(ls "$dw/remap/exec/runtime-"*/*/ 2>/dev/null)
check "--userns-remap: docker rm -f, no runh state left" [ -z "$left" ]

[ ! -f "$dw/trace.log" ] || diag "$(cat "$dw/trace.log")"
stop_daemons
check "every dockerd, containerd, shim and container process started here is gone" test -z "$(our_pids)"
stop_all
check "no mount left under the test's directories" bash -c "! grep -q ' $IT_WORK' /proc/self/mountinfo"
left=$(for h in /sys/fs/cgroup/*/; do ls -d "$h${CGPARENT#/}"/*/ 2>/dev/null; done)
check "no container cgroup left" [ -z "$left" ]
out=$(diff <(echo "$host_before") <(host_files))
check "the host's docker paths, users and subordinate ids are as before" [ -z "$out" ]
diag "t-docker.sh took $(($(date +%s) - t_start)) s"
