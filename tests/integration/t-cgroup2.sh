# A pure cgroup v2 view of this host: a private mount namespace in which /sys/fs/cgroup is
# the cgroup2 hierarchy (on a hybrid host it holds few controllers, but the v2 code path
# runs for real: detection, CLONE_INTO_CGROUP, unified keys, kill --all, removal).

if ! grep -q " cgroup2 " /proc/mounts; then
	skip "no cgroup2 hierarchy on this host"
	return 0 2>/dev/null || exit 0
fi
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
	skip "the host is pure v2 already: t-cgroups.sh covers it"
	return 0 2>/dev/null || exit 0
fi

wrapper="$IT_WORK/runh-v2"
cat >"$wrapper" <<WRAP
#!/bin/bash
exec unshare -m --propagation private sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "\$0" "\$@"' "$RUNH" "\$@"
WRAP
chmod +x "$wrapper"
RUNH_REAL=$RUNH
RUNH=$wrapper

id=v2a$RANDOM
dir=$(bundle "$id" '.linux.resources = {"unified":{"cgroup.max.descendants":"3"}}' sleep 100)
runh create --bundle "$dir" "$id"
check "create on a pure v2 view" [ "$status" = 0 ]
pid=$(jq -r .pid "$ROOT/$id/state.json")
v2dir="/sys/fs/cgroup/unified$CGPARENT/$id"
check "the init was cloned into the v2 cgroup" grep -qx "0::$CGPARENT/$id" /proc/$pid/cgroup
check "the init is in no runh v1 cgroup (v1 untouched in v2 mode)" sh -c "! grep -q 'memory:$CGPARENT' /proc/$pid/cgroup"
check "a unified key is written verbatim" [ "$(cat "$v2dir/cgroup.max.descendants")" = 3 ]
runh start "$id"
runh delete --force "$id"
check "delete removes the v2 cgroup" nothing_left "$id"

id=v2b$RANDOM
dir=$(bundle "$id" '.linux.namespaces |= map(select(.type != "pid"))' sh -c 'sleep 200 & sleep 300')
runh run -d --bundle "$dir" "$id"
wait_until 5 sh -c "[ \$(grep -lsa 'RUNH_IT=$TAG' /proc/[0-9]*/environ | wc -l) -ge 2 ]"
runh kill --all "$id" KILL
check "kill --all through the v2 cgroup ends every process" wait_until 5 sh -c "[ -z \"\$(grep -lsa 'RUNH_IT=$TAG' /proc/[0-9]*/environ)\" ]"
runh delete --force "$id"
check "... and delete removes it" nothing_left "$id"

run_in '.linux.resources = {"memory":{"limit":33554432}}' true
checkx "a controller the v2 tree lacks is a named error" '[ "$status" = 1 ] && grep -q "linux.resources.memory.limit: this host has no memory controller" <<<"$errout"'
check "... and nothing is left" nothing_left "$last_id"

run_in '.linux.resources = {"unified":{"nosuch.file":"1"}}' true
checkx "a unified key with no such file: an error naming it" '[ "$status" = 1 ] && grep -q "linux.resources.unified.nosuch.file" <<<"$errout"'
check "... and nothing is left" nothing_left "$last_id"
# Device rules on v2: runh's own BPF_PROG_TYPE_CGROUP_DEVICE program.
devs='.linux.devices = [{"type":"c","path":"/dev/exp0","major":240,"minor":0,"fileMode":438}]'
run_in "$devs"' | .linux.resources = {"devices":[{"allow":false,"access":"rwm"}]}' \
	'head -c 1 /dev/exp0 2>&1; head -c 3 /dev/zero | wc -c'
check "v2: the device program loads and the container runs" [ "$status" = 0 ]
check "v2: a non-standard device (240:0) is denied by the BPF program (EPERM)" out_has 'exp0: Operation not permitted'
check "v2: standard devices stay usable" out_has '^3$'
run_in "$devs"' | .linux.resources = {"devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"c","major":240,"minor":0,"access":"r"}]}' \
	'head -c 1 /dev/exp0 2>&1'
check "v2: a rule that allows it lets the open reach the driver (ENXIO, no EPERM)" out_has 'exp0: No such device or address'
RUNH=$RUNH_REAL

# v2: what dockerd sends on create (zeros: nothing to write, no controller needed), docker
# update's zeros, all-or-nothing update, and the reuse of an existing cgroup.
RUNH=$wrapper
id=v2z$RANDOM
dir=$(bundle "$id" '.linux.resources = {"blockIO":{"weight":0},"cpu":{"shares":0,"quota":0,"period":0,"cpus":"","mems":""},"memory":{"limit":0,"swap":0},"pids":{"limit":0},"unified":{"cgroup.max.descendants":"7"}}' sleep 300)
runh run -d --bundle "$dir" "$id"
check "v2: create with dockerd's zeros (blockIO.weight 0, cpu.shares 0) needs no io/cpu controller" [ "$status" = 0 ]
v2dir="/sys/fs/cgroup/unified$CGPARENT/$id"
echo '{"memory":{"limit":0,"reservation":0,"swap":0,"kernel":0,"kernelTCP":0},"cpu":{"shares":0,"quota":0,"period":0,"realtimeRuntime":0,"realtimePeriod":0,"cpus":"","mems":""},"blockIO":{"weight":0},"pids":{"limit":0}}' >"$IT_WORK/zero2.json"
runh update --resources "$IT_WORK/zero2.json" "$id"
checkx "v2: docker update's zeros are accepted and change nothing" '[ "$status" = 0 ] && [ "$(cat "$v2dir/cgroup.max.descendants")" = 7 ]'
echo '{"unified":{"cgroup.max.descendants":"3","cgroup.max.depth":"bogus"}}' >"$IT_WORK/half.json"
runh update --resources "$IT_WORK/half.json" "$id"
checkx "v2: an update the kernel refuses half-way is put back (all or nothing), naming key and file" '[ "$status" = 1 ] && grep -q "linux.resources.unified.cgroup.max.depth: write .bogus. to .cgroup.max.depth." <<<"$errout" && [ "$(cat "$v2dir/cgroup.max.descendants")" = 7 ]'
pid=$(jq -r .pid "$ROOT/$id/state.json")
id2=v2r$RANDOM
dir2=$(bundle "$id2" ".linux.cgroupsPath = \"$CGPARENT/$id\"" sleep 300)
runh create --bundle "$dir2" "$id2"
checkx "v2: a second create with the same cgroup reuses it, with a warning" '[ "$status" = 0 ] && grep -q "is not empty" <<<"$errout"'
runh delete --force "$id2"
checkx "v2: ... and its delete leaves the first container and the cgroup alone" '[ "$status" = 0 ] && kill -0 "$pid" && [ -d "$v2dir" ]'
runh pause "$id"
runh create --bundle "$dir2" "$id2"
checkx "v2: a frozen existing cgroup (cgroup.freeze) is refused" '[ "$status" = 1 ] && grep -q "exists already and is frozen" <<<"$errout" && [ "$(cat "$v2dir/cgroup.freeze")" = 1 ]'
runh resume "$id"
runh delete --force "$id"
check "v2: nothing left" nothing_left "$id"
RUNH=$RUNH_REAL

# pause / resume with cgroup.freeze.
RUNH=$wrapper
id=v2p$RANDOM
dir=$(bundle "$id" '.' sh -c 'while :; do date +%s%N > /dev/shm/t; sleep 0.02; done')
runh run -d --bundle "$dir" "$id"
pid=$(jq -r .pid "$ROOT/$id/state.json")
runh pause "$id"
checkx "v2: pause freezes the cgroup (cgroup.events frozen 1)" '[ "$status" = 0 ] && grep -qx "frozen 1" "/sys/fs/cgroup/unified$CGPARENT/$id/cgroup.events"'
runh resume "$id"
checkx "v2: resume thaws it" '[ "$status" = 0 ] && grep -qx "frozen 0" "/sys/fs/cgroup/unified$CGPARENT/$id/cgroup.events"'
runh delete --force "$id"
check "v2: nothing left" nothing_left "$id"
RUNH=$RUNH_REAL
