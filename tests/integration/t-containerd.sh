# containerd drives runh: its own containerd (root, state, sockets in a temp dir), a
# busybox image built here, `ctr run --runc-binary runh` through the whole lifecycle.

if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null; then
	skip "containerd is not installed (apt-get install containerd)"
	return 0 2>/dev/null || exit 0
fi
# shellcheck source=containerd-lib.sh
source "$IT_DIR/containerd-lib.sh"
cw="$IT_WORK/containerd"
mkdir -p "$cw"
sock="$cw/containerd.sock"
cat >"$cw/config.toml" <<CONF
version = 2
root = "$cw/root"
state = "$cw/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt",
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
CONF
containerd --config "$cw/config.toml" >"$cw/containerd.log" 2>&1 &
cpid=$!
C=(ctr --address "$sock" --namespace runh-it)
stop_containerd() {
	local id
	for id in $("${C[@]}" task ls -q 2>/dev/null); do "${C[@]}" task delete -f "$id" >/dev/null 2>&1; done
	for id in $("${C[@]}" container ls -q 2>/dev/null); do "${C[@]}" container delete "$id" >/dev/null 2>&1; done
	kill -TERM "$cpid" 2>/dev/null
	wait "$cpid" 2>/dev/null
	grep " $cw" /proc/self/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l
}
trap 'stop_containerd; cleanup_all' EXIT
wait_until 15 "${C[@]}" version
check "our own containerd answers on $sock" "${C[@]}" version

# An OCI image of the busybox rootfs, built here (containerd-lib.sh): layer, config,
# manifest, index.
img=localhost/runh-it/busybox:1
oci_image_tar "$ROOTFS" "$img" "$cw/image.tar" '["/bin/sh"]'
"${C[@]}" images import "$cw/image.tar" >/dev/null 2>&1
checkx "ctr images import of the busybox image built here" '"${C[@]}" images check 2>/dev/null | grep -q "complete"'

rroot="$cw/runh-root"
runf() { echo --runc-binary "$RUNH" --runc-root "$rroot" --snapshotter overlayfs --cgroup "$CGPARENT/ctr-$1"; }
task_status() { "${C[@]}" task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }'; }

out=$("${C[@]}" run --rm $(runf a) "$img" ca /bin/sh -c 'echo hi-from-ctr' 2>&1)
check "ctr run --rm runs through runh" [ "$out" = hi-from-ctr ]
"${C[@]}" run --rm $(runf b) "$img" cb /bin/sh -c 'exit 3' >/dev/null 2>&1
check "ctr run: the exit code (3) comes back" [ $? = 3 ]

"${C[@]}" run -d $(runf c) "$img" cc /bin/sh -c 'sleep 300' >/dev/null 2>&1
wait_until 10 sh -c "[ \"\$($(declare -f task_status); C=(${C[*]}); task_status cc)\" = RUNNING ]" 2>/dev/null
check "ctr run -d: the task is RUNNING" [ "$(task_status cc)" = RUNNING ]
"$RUNH" --root "$rroot/runh-it" state cc >"$cw/state.out" 2>&1
check "runh state of containerd's container says running" jqf "$cw/state.out" '.status == "running"'
out=$("${C[@]}" task exec --exec-id e1 cc sh -c 'echo exec-ok' 2>&1)
check "ctr task exec" [ "$out" = exec-ok ]
out=$("${C[@]}" task exec --exec-id e2 --user 65534 cc id -u 2>&1)
check "ctr task exec --user 65534" [ "$out" = 65534 ]
initpid=$(jq -r .pid "$cw/state.out")
check "ctr task ps lists the init (runh ps)" grep -qw "$initpid" <("${C[@]}" task ps cc 2>&1)
"${C[@]}" task pause cc >/dev/null 2>&1
st1=$(task_status cc)
"${C[@]}" task resume cc >/dev/null 2>&1
check "ctr task pause / resume (runh pause / resume): $st1 then $(task_status cc)" [ "$st1 $(task_status cc)" = "PAUSED RUNNING" ]
"${C[@]}" task kill -s SIGKILL cc >/dev/null 2>&1
wait_until 10 sh -c "[ \"\$($(declare -f task_status); C=(${C[*]}); task_status cc)\" = STOPPED ]" 2>/dev/null
check "ctr task kill: STOPPED" [ "$(task_status cc)" = STOPPED ]
"${C[@]}" task delete cc >/dev/null 2>&1
check "ctr task delete (runh delete)" [ $? = 0 ]
"${C[@]}" container delete cc >/dev/null 2>&1
check "runh's state for it is gone" [ ! -e "$rroot/runh-it/cc" ]

"${C[@]}" run -d --read-only --memory-limit 67108864 \
	$(for c in CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE; do echo --cap-drop CAP_$c; done) \
	$(runf d) "$img" cd /bin/sh -c 'sleep 300' >/dev/null 2>&1
wait_until 10 sh -c "[ \"\$($(declare -f task_status); C=(${C[*]}); task_status cd)\" = RUNNING ]" 2>/dev/null
out=$("${C[@]}" task exec --exec-id r1 cd sh -c 'grep CapEff /proc/self/status; touch /x 2>/dev/null || echo ro' 2>&1)
checkx "a restricted container: no capabilities and a read-only root inside" 'out_has "^CapEff:\s+0+$" && out_has "^ro$"'
check "... and its memory limit on the host" [ "$(cat /sys/fs/cgroup/memory$CGPARENT/ctr-d/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup$CGPARENT/ctr-d/memory.max)" = 67108864 ]
"${C[@]}" task kill -s SIGKILL cd >/dev/null 2>&1
wait_until 10 sh -c "[ \"\$($(declare -f task_status); C=(${C[*]}); task_status cd)\" = STOPPED ]" 2>/dev/null
"${C[@]}" task delete cd >/dev/null 2>&1
"${C[@]}" container delete cd >/dev/null 2>&1
check "... removed with its cgroup" [ ! -d "/sys/fs/cgroup/memory$CGPARENT/ctr-d" ]
