# Kubernetes' node path: pods through containerd's CRI plugin with runh as the runc binary
# (containerd-shim-runc-v2 calls runh as it calls runc). A private containerd (root, state,
# sockets, netns mounts, runh's --root all under $cw) with the CRI plugin, driven by our own
# small CRI client (tests/cri/cri.py, the CRI v1 subset of tests/cri/cri.proto, its stubs
# generated here), a pause image and a busybox image built and imported here. The pod network
# is CNI's `static` IPAM plugin alone, reporting 127.0.0.1 (the pod's netns has only its `lo`,
# brought up by containerd's built-in `loopback` network): no address outside the loopback
# range, nothing in the host's network namespace. Everything started here is stopped by pid.

PY=/usr/bin/python3 # Debian's python3-grpcio / python3-grpc-tools (not a pyenv python)
CRI_DIR=$IT_DIR/../cri
source "$IT_DIR/containerd-lib.sh"
missing=
for b in containerd ctr containerd-shim-runc-v2 "${CC:-cc}"; do command -v "$b" >/dev/null || missing+=" $b"; done
for p in static loopback; do [ -x "/usr/lib/cni/$p" ] || missing+=" /usr/lib/cni/$p"; done
"$PY" -c 'import grpc, grpc_tools' 2>/dev/null || missing+=" python3-grpcio/python3-grpc-tools"
if [ -n "$missing" ]; then
	skip "CRI tests need:$missing (apt-get install containerd containernetworking-plugins python3-grpcio python3-grpc-tools)"
	return 0 2>/dev/null || exit 0
fi

cw=$IT_WORK/cri
sock=$cw/containerd.sock
mkdir -p "$cw/cni" "$cw/pause-root" "$cw/vol"
chmod 755 "$cw"
ctd_pid=
shim_sockets_before=$(ls /run/containerd/s 2>/dev/null)

# cri ARGS...: our CRI client against our containerd, bounded.
cri() { timeout -k 5 120 "$PY" "$CRI_DIR/cri.py" --sock "$sock" --stubs "$cw/stubs" "$@"; }
# The shims of our containerd (by their -address), by pid.
shim_pids() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = containerd-shim ] && grep -qaF "$sock" "$p/cmdline" 2>/dev/null &&
			echo "${p#/proc/}"
	done
}
# Processes of ours: containerd, its shims, the pods' pause processes and every container
# process (tagged in its environment).
pause_pids=
our_pids() {
	local p
	for p in $ctd_pid $pause_pids; do gone "$p" || echo "$p"; done
	shim_pids
	tagged_pids
}
gone() { [ ! -e "/proc/$1" ] || grep -qE '^[0-9]+ \(.*\) Z' "/proc/$1/stat" 2>/dev/null; }
our_mounts() { grep -F " $cw" /proc/self/mountinfo | awk '{print $5}'; }
# Cgroup directories below $CGPARENT (ours: this file's containers' parent), every hierarchy.
our_cgroups() { find /sys/fs/cgroup/*"$CGPARENT" /sys/fs/cgroup"$CGPARENT" -mindepth 1 -type d 2>/dev/null; }
cri_cleanup() {
	local p id
	if [ -n "$ctd_pid" ]; then
		for id in $(cri pods 2>/dev/null | jq -r '.items[].id' 2>/dev/null); do
			cri stopp "$id" >/dev/null 2>&1
			cri rmp "$id" >/dev/null 2>&1
		done
		kill -TERM "$ctd_pid" 2>/dev/null
		wait_until 20 gone "$ctd_pid" || kill -KILL "$ctd_pid" 2>/dev/null
		wait "$ctd_pid" 2>/dev/null
		ctd_pid=
	fi
	for p in $(our_pids); do kill -KILL "$p" 2>/dev/null; done
	no_pids() { [ -z "$(our_pids)" ]; }
	wait_until 5 no_pids # (a cgroup is removable once its processes are reaped)
	our_mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
	our_cgroups | sort -r | xargs -r rmdir 2>/dev/null
	[ -z "${RUNH_CRI_KEEPLOG:-}" ] || cp "$cw/containerd.log" "$RUNH_CRI_KEEPLOG"
	rm -rf "$cw"
}
trap 'cri_cleanup; cleanup_all' EXIT

# ---- containerd with the CRI plugin, runh as the runc binary --------------------------
cat >"$cw/config.toml" <<CONF
version = 2
root = "$cw/root"
state = "$cw/state"
disabled_plugins = ["io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = "$cw/debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/runh-it/pause:1"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$RUNH"
        Root = "$cw/runh-root"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$cw/cni"
    max_conf_num = 1
CONF
# (containerd needs an IP on the pod's default interface from the CNI result; the static
# IPAM plugin reports one without creating anything.)
cat >"$cw/cni/10-runh-lo.conflist" <<'CNI'
{"cniVersion": "1.0.0", "name": "runh-it-lo", "plugins": [
  {"type": "static", "ipam": {"type": "static", "addresses": [{"address": "127.0.0.1/8"}]}}]}
CNI
containerd --config "$cw/config.toml" >"$cw/containerd.log" 2>&1 &
ctd_pid=$!
wait_until 20 test -S "$sock"
out=$(cri version 2>&1)
checkx "containerd's CRI plugin answers our client (runtime.v1.RuntimeService/Version)" \
	'jqt ".runtime_name == \"containerd\" and .runtime_api_version == \"v1\""'
if ! jqt '.runtime_api_version'; then
	diag "$(tail -n 20 "$cw/containerd.log")"
	return 0 2>/dev/null || exit 0
fi
net_ready() { cri status 2>/dev/null | jq -e '.status.conditions[] | select(.type == "NetworkReady") | .status' >/dev/null; }
wait_until 10 net_ready
out=$(cri status 2>&1)
check "Status: RuntimeReady and NetworkReady (CNI: static IPAM on 127.0.0.1 only)" \
	jqt '[.status.conditions[] | select(.status)] | map(.type) | index("RuntimeReady") != null and index("NetworkReady") != null'

# ---- images: a pause image (tests/cri/pause.c, static) and busybox ---------------------
"${CC:-cc}" -O2 -Wall -Werror -static -o "$cw/pause-root/pause" "$CRI_DIR/pause.c"
oci_image_tar "$cw/pause-root" localhost/runh-it/pause:1 "$cw/pause.tar" '["/pause"]'
oci_image_tar "$ROOTFS" localhost/runh-it/busybox:1 "$cw/busybox.tar" '["/bin/sh"]'
for i in pause busybox; do
	ctr --address "$sock" -n k8s.io images import "$cw/$i.tar" >"$cw/import.log" 2>&1 ||
		diag "ctr images import $i: $(cat "$cw/import.log")"
done
# (the CRI plugin learns of imported images from containerd's events: wait for it)
images_in() { out=$(cri images 2>&1) && jqt '[.images[].repo_tags[]] | index("localhost/runh-it/pause:1") != null and index("localhost/runh-it/busybox:1") != null'; }
wait_until 10 images_in
out=$(cri images 2>&1)
check "ctr -n k8s.io images import: the pause and busybox images built here are the CRI's" \
	jqt '[.images[].repo_tags[]] | index("localhost/runh-it/pause:1") != null and index("localhost/runh-it/busybox:1") != null'

BB=localhost/runh-it/busybox:1
# pod_json NAME PID-MODE [EXTRA-JQ]: a PodSandboxConfig, its cgroup parent under $CGPARENT.
pod_json() {
	jq -n --arg n "$1" --arg pid "$2" --arg cg "$CGPARENT/pod-$1" '{
		metadata: {name: $n, uid: ("uid-" + $n), namespace: "runh-it"},
		hostname: ("runh-" + $n),
		linux: {cgroup_parent: $cg, security_context: {namespace_options: {pid: $pid}}}}' |
		jq "${3:-.}" >"$cw/pod-$1.json"
}
# ctr_json NAME SHELL-COMMAND [EXTRA-JQ]: a ContainerConfig running sh -c COMMAND, tagged.
ctr_json() {
	jq -n --arg n "$1" --arg c "$2" --arg img "$BB" --arg tag "$TAG" '{
		metadata: {name: $n}, image: {image: $img}, command: ["/bin/sh", "-c", $c],
		envs: [{key: "RUNH_IT", value: $tag}]}' | jq "${3:-.}" >"$cw/ctr-$1.json"
}
# run_ctr POD-ID POD-NAME NAME: create and start; prints the container id. The container's
# namespace options are the pod's unless it has its own (what the kubelet sends).
run_ctr() {
	local id
	jq --slurpfile p "$cw/pod-$2.json" '.linux.security_context.namespace_options //= $p[0].linux.security_context.namespace_options' \
		"$cw/ctr-$3.json" >"$cw/ctr-$3.json.new" && mv "$cw/ctr-$3.json.new" "$cw/ctr-$3.json"
	id=$(cri create "$1" "$cw/ctr-$3.json" "$cw/pod-$2.json") || return 1
	cri start "$id" >&2 || return 1
	echo "$id"
}
# cx ID COMMAND: ExecSync sh -c COMMAND; sets $out (stdout), $errout, $status.
cx() {
	local e
	e=$(mktemp)
	out=$(cri exec "$1" 20 sh -c "$2" 2>"$e")
	status=$?
	errout=$(cat "$e")
	rm -f "$e"
}
# made ID WHAT: the id is a CRI id, or a failure is reported (with containerd's last
# errors) and the caller stops this file: nothing below can work without it.
made() {
	[[ $1 =~ ^[0-9a-f]{64}$ ]] && return 0
	not_ok "$2: $1"
	diag "$(grep -E 'level=(error|fatal)' "$cw/containerd.log" | tail -n 5)"
	return 1
}
sbpid() { cri inspectp "$1" | jq -r '.info.info | fromjson | .pid'; }
ns() { readlink "/proc/$1/ns/$2"; }
state_of() { cri inspect "$1" | jq -r '.status | "\(.state) \(.reason) \(.exit_code)"'; }
# cgf ID CONTROLLER FILE: a cgroup v1 file of a container of pod $pod on the host.
cgf() { cat "/sys/fs/cgroup/$2$CGPARENT/pod-$pod/$1/$3" 2>&1; }
# pod_gone POD-NAME IDS...: after RemovePodSandbox, nothing of the pod is left (what is,
# in diagnostics); pod_left: the same, polled for up to 10 s.
pod_left() { wait_until 10 pod_gone_quiet "$@" || pod_gone "$@"; }
pod_gone_quiet() { pod_gone "$@" >/dev/null; }
exited() { state_of "$1" | grep -q EXITED; }
pod_gone() {
	local name=$1 id
	shift
	for id in "$@"; do
		[ ! -e "$cw/runh-root/k8s.io/$id" ] || { diag "runh state of $id left"; return 1; }
		[ ! -e "$cw/state/io.containerd.runtime.v2.task/k8s.io/$id" ] || { diag "bundle of $id left"; return 1; }
		! grep -qF "$id" /proc/self/mountinfo || { diag "mounts of $id left: $(grep -F "$id" /proc/self/mountinfo)"; return 1; }
	done
	[ -z "$(find /sys/fs/cgroup/*"$CGPARENT/pod-$name" -mindepth 1 -type d 2>/dev/null)" ] ||
		{ diag "cgroups left: $(find /sys/fs/cgroup/*"$CGPARENT/pod-$name" -mindepth 1 -type d)"; return 1; }
	[ -z "$(shim_pids)" ] || { diag "shims left: $(shim_pids)"; return 1; }
	[ -z "$(tagged_pids)" ] || { diag "container processes left: $(tagged_pids)"; return 1; }
	[ -z "$(ls "$cw/state/io.containerd.grpc.v1.cri/netns" 2>/dev/null)" ] || { diag "netns left"; return 1; }
}

# ---- pod "a": its own pid namespace per container (the default), two containers -------
pod=a
mkdir -p "$cw/logs/a"
pod_json a CONTAINER ".log_directory = \"$cw/logs/a\""
pa=$(cri runp "$cw/pod-a.json" 2>&1)
made "$pa" "RunPodSandbox (pod a)" || { return 0 2>/dev/null || exit 0; }
out=$(cri inspectp "$pa" 2>&1)
checkx "RunPodSandbox: the pod is READY, its IP 127.0.0.1 (CNI)" \
	'jqt ".status.state == \"SANDBOX_READY\" and .status.network.ip == \"127.0.0.1\""'
sp=$(sbpid "$pa")
pause_pids+=" $sp"
"$RUNH" --root "$cw/runh-root/k8s.io" state "$pa" >"$cw/state.out" 2>&1
check "the sandbox (pause) was created by runh: runh state says running, pid $sp" \
	jqf "$cw/state.out" --argjson p "${sp:-0}" '.status == "running" and .pid == $p'

ctr_json c1 "trap '' TERM; echo c1 > /tmp/who; echo c1-to-stdout; echo c1-to-stderr >&2; while :; do sleep 1; done" \
	'.log_path = "c1.log" | .linux.resources = {memory_limit_in_bytes: 67108864, cpu_shares: 512, cpu_quota: 50000, cpu_period: 100000}'
ctr_json c2 "trap 'exit 0' TERM; echo c2 > /tmp/who; sleep 300 & wait" \
	'.linux.resources = {memory_limit_in_bytes: 50331648, cpu_shares: 256, cpuset_cpus: "0", oom_score_adj: 500}'
c1=$(run_ctr "$pa" a c1 2>&1) c2=$(run_ctr "$pa" a c2 2>&1)
made "$c1" "container c1" && made "$c2" "container c2" || { return 0 2>/dev/null || exit 0; }
p1=$(cri pidof "$c1" 2>&1) p2=$(cri pidof "$c2" 2>&1)
checkx "CreateContainer + StartContainer: two containers RUNNING in the pod" \
	'[ "$(state_of "$c1")" = "CONTAINER_RUNNING  0" ] && [ "$(state_of "$c2")" = "CONTAINER_RUNNING  0" ]'
for n in net ipc uts; do
	check "both containers are in the sandbox's $n namespace (host: /proc/PID/ns/$n)" \
		[ "$(ns "$p1" $n)" = "$(ns "$sp" $n)" -a "$(ns "$p2" $n)" = "$(ns "$sp" $n)" -a -n "$(ns "$sp" $n)" ]
done
cx "$c1" 'for n in net ipc uts mnt pid; do readlink /proc/self/ns/$n; done'
want=$(for n in net ipc uts mnt pid; do ns "$p1" $n; done)
check "... and inside, ExecSync sees the same namespaces as its init" [ "$out" = "$want" ]
checkx "each has its own mount namespace (not the sandbox's, not the other's)" \
	'[ "$(ns "$p1" mnt)" != "$(ns "$sp" mnt)" ] && [ "$(ns "$p2" mnt)" != "$(ns "$sp" mnt)" ] && [ "$(ns "$p1" mnt)" != "$(ns "$p2" mnt)" ]'
checkx "each has its own pid namespace (pid: CONTAINER)" \
	'[ "$(ns "$p1" pid)" != "$(ns "$sp" pid)" ] && [ "$(ns "$p2" pid)" != "$(ns "$sp" pid)" ] && [ "$(ns "$p1" pid)" != "$(ns "$p2" pid)" ]'
cx "$c2" 'cat /proc/1/cmdline | tr "\0" " "; echo; cat /tmp/who'
checkx "... where the container's command is pid 1, and its /tmp is its own" \
	'out_has "^/bin/sh -c trap .exit 0. TERM; echo c2" && out_has "^c2$" && out_lacks "c1"'
cx "$c1" 'hostname; cat /etc/hostname'
check "the pod's hostname (UTS of the sandbox, /etc/hostname)" [ "$out" = "runh-a"$'\n'"runh-a" ]
checkx "the containers' cgroups nest under the pod's parent ($CGPARENT/pod-a)" \
	'grep -qx "[0-9]*:memory:$CGPARENT/pod-a/$c1" /proc/$p1/cgroup && grep -qx "[0-9]*:memory:$CGPARENT/pod-a/$c2" /proc/$p2/cgroup'
got="$(cgf "$c1" memory memory.limit_in_bytes) $(cgf "$c1" cpu cpu.shares) $(cgf "$c1" cpu cpu.cfs_quota_us) $(cgf "$c1" cpu cpu.cfs_period_us)"
check "LinuxContainerResources in c1's cgroup: memory 64M, shares 512, quota 50000/100000 ($got)" \
	[ "$got" = "67108864 512 50000 100000" ]
got="$(cgf "$c2" memory memory.limit_in_bytes) $(cgf "$c2" cpu cpu.shares) $(cgf "$c2" cpuset cpuset.cpus)"
check "... in c2's: memory 48M, shares 256, cpuset 0 ($got)" [ "$got" = "50331648 256 0" ]
check "... and its oom_score_adj (the kubelet's QoS value, 500)" [ "$(cat "/proc/$p2/oom_score_adj")" = 500 ]

# The CRI log: the shim's pipes, through runh, to containerd's log file in the pod's directory.
log_has() { grep -qE "$1" "$cw/logs/a/c1.log" 2>/dev/null; }
wait_until 5 log_has ' stderr F c1-to-stderr$'
checkx "the container's stdout and stderr reach the pod's CRI log (c1.log)" \
	'log_has "^[0-9T:.Z+-]+ stdout F c1-to-stdout$" && log_has "^[0-9T:.Z+-]+ stderr F c1-to-stderr$"'
echo '{"memory_limit_in_bytes": 41943040, "cpu_shares": 128, "cpuset_cpus": "0"}' >"$cw/res.json"
cri update "$c2" "$cw/res.json" >/dev/null 2>&1
got="$(cgf "$c2" memory memory.limit_in_bytes) $(cgf "$c2" cpu cpu.shares) $(cgf "$c2" cpuset cpuset.cpus)"
check "UpdateContainerResources (runh update): c2's cgroup now memory 40M, shares 128 ($got)" \
	[ "$got" = "41943040 128 0" ]

cx "$c1" 'echo to-out; echo to-err >&2; exit 7'
checkx "ExecSync: stdout, stderr and the exit code (7)" \
	'[ "$status" = 7 ] && [ "$out" = to-out ] && [ "$errout" = to-err ]'
cx "$c1" 'id -u; cat /proc/self/cgroup'
checkx "ExecSync runs as the container's user, in its cgroup" \
	'out_has "^0$" && out_has "^[0-9]+:memory:$CGPARENT/pod-a/$c1$"'

cx "$c1" 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; head -c 4000000 /dev/zero > /tmp/fill'
out=$(cri stats "$c1" 2>&1)
checkx "ContainerStats: CPU used, memory usage > 4 MB (the file written), available = limit - working set" \
	'jqt "(.stats.cpu.usage_core_nano_seconds.value | tonumber) > 0 and (.stats.memory.usage_bytes.value | tonumber) > 4000000 and (.stats.memory.working_set_bytes.value | tonumber) > 0 and ((.stats.memory.available_bytes.value | tonumber) + (.stats.memory.working_set_bytes.value | tonumber)) == 67108864"'

t0=$(date +%s%N)
cri stop "$c1" 3 >/dev/null 2>&1
dt=$((($(date +%s%N) - t0) / 1000000))
checkx "StopContainer timeout 3 s on a process that ignores SIGTERM: stopped in ${dt} ms, exit 137" \
	'[ $dt -ge 2900 ] && [ $dt -lt 9000 ] && [ "$(state_of "$c1")" = "CONTAINER_EXITED Error 137" ] && gone "$p1"'
t0=$(date +%s%N)
cri stop "$c2" 10 >/dev/null 2>&1
dt=$((($(date +%s%N) - t0) / 1000000))
checkx "StopContainer timeout 10 s on a process that exits on SIGTERM: stopped in ${dt} ms, exit 0" \
	'[ $dt -lt 2900 ] && [ "$(state_of "$c2")" = "CONTAINER_EXITED Completed 0" ] && gone "$p2"'

ctr_json oom "tail /dev/zero" '.linux.resources = {memory_limit_in_bytes: 33554432}'
co=$(run_ctr "$pa" a oom 2>&1)
wait_until 30 exited "$co"
got=$(state_of "$co")
check "a container over its memory limit is OOM-killed: ContainerStatus reason OOMKilled ($got)" \
	[ "$got" = "CONTAINER_EXITED OOMKilled 137" ]

# The pod security "restricted" profile: non-root, no privilege escalation, every capability
# dropped, seccomp RuntimeDefault, read-only root.
ctr_json r "exec sleep 300" '.linux.security_context = {run_as_user: {value: 65534},
	run_as_group: {value: 65534}, readonly_rootfs: true, no_new_privs: true,
	capabilities: {drop_capabilities: ["ALL"]}, seccomp: {profile_type: "RuntimeDefault"}}'
cr=$(run_ctr "$pa" a r 2>&1)
check "a restricted-profile container runs" [ "$(state_of "$cr")" = "CONTAINER_RUNNING  0" ]
cx "$cr" 'id; grep -E "^(CapEff|CapBnd|CapPrm|NoNewPrivs|Seccomp):" /proc/self/status; touch /x 2>/dev/null || echo ro-root'
checkx "... as 65534, no capabilities, no_new_privs, seccomp filter on, read-only root" \
	'out_has "^uid=65534\(nobody\) gid=65534\(nogroup\)" && out_has "^CapEff:\s+0+$" && out_has "^CapBnd:\s+0+$" && out_has "^CapPrm:\s+0+$" && out_has "^NoNewPrivs:\s+1$" && out_has "^Seccomp:\s+2$" && out_has "^ro-root$"'
jq -e '.linux.seccomp.defaultAction == "SCMP_ACT_ERRNO"' "$cw/state/io.containerd.runtime.v2.task/k8s.io/$cr/config.json" >/dev/null
check "... with containerd's RuntimeDefault seccomp profile in the spec runh got" [ $? = 0 ]

for id in "$c1" "$c2" "$co" "$cr"; do cri rm "$id" >/dev/null 2>&1; done
cri stopp "$pa" >/dev/null 2>&1
cri rmp "$pa" >/dev/null 2>&1
checkx "StopPodSandbox + RemovePodSandbox leave nothing: runh state, bundles, mounts, cgroups, shim, processes, netns" \
	'pod_left a "$pa" "$c1" "$c2" "$co" "$cr" && gone "$sp"'

# ---- pod "b": a shared pid namespace (pid: POD) ---------------------------------------
pod=b
pod_json b POD
pb=$(cri runp "$cw/pod-b.json" 2>&1)
made "$pb" "RunPodSandbox (pod b)" || { return 0 2>/dev/null || exit 0; }
spb=$(sbpid "$pb")
pause_pids+=" $spb"
ctr_json d1 "exec sleep 300"
ctr_json d2 "exec sleep 301"
d1=$(run_ctr "$pb" b d1 2>&1) d2=$(run_ctr "$pb" b d2 2>&1)
q1=$(cri pidof "$d1" 2>&1) q2=$(cri pidof "$d2" 2>&1)
checkx "pid: POD: both containers are in the sandbox's pid namespace" \
	'[ -n "$spb" ] && [ "$(ns "$q1" pid)" = "$(ns "$spb" pid)" ] && [ "$(ns "$q2" pid)" = "$(ns "$spb" pid)" ]'
cx "$d1" 'tr "\0" " " </proc/1/cmdline; echo; ps -o args | grep -c "^sleep 30[01]$"'
want=$'/pause \n2'
check "... where pid 1 is the pause process and the other container's process shows" [ "$out" = "$want" ]
cri stop "$d2" 0 >/dev/null 2>&1
cri stopp "$pb" >/dev/null 2>&1
cri rmp "$pb" >/dev/null 2>&1
checkx "... removed, nothing left" 'pod_left b "$pb" "$d1" "$d2" && gone "$spb"'

# ---- pod "h": privileged, in the host's network, pid and IPC namespaces --------------
# (what node agents run as: CNI daemons, kube-proxy). The kubelet sends no hostname for a
# host-network pod: the sandbox shares the host's UTS namespace too.
pod=h
hostns='{network: "NODE", pid: "NODE", ipc: "NODE"}'
pod_json h NODE ".linux.security_context = {privileged: true, namespace_options: $hostns} | del(.hostname)"
ph=$(cri runp "$cw/pod-h.json" 2>&1)
made "$ph" "RunPodSandbox (pod h)" || { return 0 2>/dev/null || exit 0; }
sph=$(sbpid "$ph")
pause_pids+=" $sph"
ctr_json h1 "exec sleep 300" ".linux.security_context = {privileged: true, namespace_options: $hostns}"
h1=$(run_ctr "$ph" h h1 2>&1)
qh=$(cri pidof "$h1" 2>&1)
checkx "a privileged pod in the host's network, pid, IPC and UTS namespaces: its container is too" \
	'for n in net pid ipc uts; do [ -n "$qh" ] && [ "$(ns "$qh" $n)" = "$(readlink /proc/self/ns/$n)" ] || exit 1; done'
cx "$h1" 'grep -E "^Cap(Eff|Bnd):" /proc/self/status; hostname; [ -c /dev/null ] && ls /dev | wc -l'
want_caps=$(grep -E '^Cap(Eff|Bnd):' /proc/self/status)
checkx "... with every capability the host has, the host's hostname and devices" \
	'[ "$(head -n 2 <<<"$out")" = "$want_caps" ] && out_has "^$(hostname)$" && [ "$(tail -n 1 <<<"$out")" -gt 20 ]'
cri stopp "$ph" >/dev/null 2>&1
cri rmp "$ph" >/dev/null 2>&1
checkx "... removed, nothing left" 'pod_left h "$ph" "$h1" && gone "$sph"'

# ---- pod "u": a user namespace (hostUsers: false) with an idmapped volume --------------
# NamespaceOption.userns_options (mode POD, uids/gids) on the pod and its containers, as
# the kubelet sends it; the volume's file belongs to host uid 0 and, idmapped with the pod's
# mapping, must show as uid 0 inside.
pod=u
map='[{host_id: 200000, container_id: 0, length: 65536}]'
uopt="{mode: \"POD\", uids: $map, gids: $map}"
pod_json u POD ".linux.security_context.namespace_options.userns_options = $uopt"
echo vol >"$cw/vol/f"
chown 0:0 "$cw/vol/f"
pu=$(cri runp "$cw/pod-u.json" 2>&1)
made "$pu" "RunPodSandbox (pod u)" || { return 0 2>/dev/null || exit 0; }
spu=$(sbpid "$pu")
pause_pids+=" $spu"
if [ -n "$spu" ] && [ "$(ns "$spu" user)" = "$(readlink /proc/self/ns/user)" ]; then
	# containerd 1.6 has the CRI field (its API is v1) but never reads it: the sandbox's OCI
	# spec has no user namespace and no uidMappings (the kubelet's hostUsers: false needs
	# containerd >= 1.7; idmapped volumes through CRI need containerd >= 2.0).
	skip "user-namespaced pod: $(containerd --version | awk '{print $3}') ignores NamespaceOption.userns_options (the sandbox runs in the host's user namespace, its spec has no user namespace)"
	skip "user-namespaced pod: containers joining the pod's user namespace (same reason)"
	skip "user-namespaced pod: an idmapped volume (same reason)"
else
	ctr_json u1 "exec sleep 300" ".linux.security_context.namespace_options = {pid: \"POD\", userns_options: $uopt} |
		.mounts = [{container_path: \"/vol\", host_path: \"$cw/vol\", uidMappings: $map, gidMappings: $map}]"
	u1=$(run_ctr "$pu" u u1 2>&1)
	qu=$(cri pidof "$u1" 2>&1)
	check "user-namespaced pod: the sandbox's uid_map is the pod's mapping" \
		[ "$(awk '{print $1, $2, $3}' "/proc/$spu/uid_map")" = "0 200000 65536" ]
	check "... its container joins the pod's user namespace" \
		[ -n "$qu" -a "$(ns "$qu" user)" = "$(ns "$spu" user)" ]
	cx "$u1" 'id -u; stat -c "%u %g" /vol/f; cat /vol/f'
	want=$'0\n0 0\nvol'
	check "... and sees the idmapped volume's host-root file as its root's" [ "$out" = "$want" ]
fi
cri stopp "$pu" >/dev/null 2>&1
cri rmp "$pu" >/dev/null 2>&1
check "... removed, nothing left" pod_left u "$pu" ${u1:+"$u1"}

# ---- containerd stopped: nothing of ours anywhere ------------------------------------
ctr_count=$(cri ps 2>/dev/null | jq '.containers | length')
kill -TERM "$ctd_pid"
wait_until 20 gone "$ctd_pid"
wait "$ctd_pid" 2>/dev/null
ctd_pid=
checkx "containerd stopped: no process, mount, cgroup, runh state or shim socket of ours is left" \
	'[ "$ctr_count" = 0 ] && [ -z "$(our_pids)" ] && [ -z "$(our_mounts)" ] && [ -z "$(our_cgroups)" ] && [ -z "$(ls -A "$cw/runh-root/k8s.io" 2>/dev/null)" ] && [ "$(ls /run/containerd/s 2>/dev/null)" = "$shim_sockets_before" ]'
if grep -qE 'level=(error|fatal)' "$cw/containerd.log"; then
	diag "containerd's errors: $(grep -E 'level=(error|fatal)' "$cw/containerd.log" | tail -n 5)"
fi
diag "t-cri.sh took ${SECONDS} s"
