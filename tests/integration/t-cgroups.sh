# cgroups on this host (v1, v2 or hybrid): limits read back from the host's files,
# enforcement seen from inside, and nothing left after delete.

mode=v1
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && mode=v2
[ $mode = v1 ] && grep -q " /sys/fs/cgroup/unified cgroup2" /proc/mounts && mode=hybrid
diag "cgroup mode: $mode"

# cg_file ID CONTROLLER FILE: a file of the container's cgroup on the host.
cg_file() {
	if [ $mode = v2 ]; then cat "/sys/fs/cgroup$CGPARENT/$1/$3"; else cat "/sys/fs/cgroup/$2$CGPARENT/$1/$3"; fi
}

res='.linux.resources = {"memory":{"limit":33554432,"reservation":16777216},"pids":{"limit":25},"cpu":{"shares":512,"quota":20000,"period":100000,"cpus":"0","mems":"0"}}'
id=lim$RANDOM
dir=$(bundle "$id" "$res" sleep 100)
runh create --bundle "$dir" "$id"
check "create with resources exits 0" [ "$status" = 0 ]
pid=$(jq -r .pid "$ROOT/$id/state.json")
if [ $mode = v2 ]; then
	check "memory.max on the host" [ "$(cg_file "$id" memory memory.max)" = 33554432 ]
	check "cpu.max on the host" [ "$(cg_file "$id" cpu cpu.max)" = "20000 100000" ]
	check "cpu.weight from shares 512 (converted)" [ "$(cg_file "$id" cpu cpu.weight)" = 20 ]
else
	check "memory.limit_in_bytes on the host" [ "$(cg_file "$id" memory memory.limit_in_bytes)" = 33554432 ]
	check "memory.soft_limit_in_bytes on the host" [ "$(cg_file "$id" memory memory.soft_limit_in_bytes)" = 16777216 ]
	check "cpu.shares on the host" [ "$(cg_file "$id" cpu cpu.shares)" = 512 ]
	check "cpu.cfs_quota_us and period on the host" [ "$(cg_file "$id" cpu cpu.cfs_quota_us) $(cg_file "$id" cpu cpu.cfs_period_us)" = "20000 100000" ]
	check "cpuset.cpus on the host" [ "$(cg_file "$id" cpuset cpuset.cpus)" = 0 ]
fi
check "pids.max on the host" [ "$(cg_file "$id" pids pids.max)" = 25 ]
check "the created init is already in the cgroup (before start)" grep -qx "$pid" <(cg_file "$id" pids cgroup.procs)
runh delete "$id"
check "delete removes the cgroup in every hierarchy" nothing_left "$id"

run_in '.linux.resources = {"pids":{"limit":10}}' 'for i in $(seq 1 20); do sleep 5 & done; echo all-forked'
checkx "the pids limit stops forks inside (the shell cannot fork the 10th)" '[ "$status" != 0 ] && out_lacks all-forked && grep -q "can'\''t fork" <<<"$errout"'
run_in '.linux.resources = {"pids":{"limit":30}}' 'for i in $(seq 1 20); do sleep 1 & done; echo all-forked'
check "... while 20 forks fit under a limit of 30" out_has '^all-forked$'

run_in '.linux.resources = {"memory":{"limit":16777216,"swap":16777216}}' 'x=$(head -c 100000000 /dev/zero | tr "\000" a); echo survived'
checkx "a memory hog is OOM-killed: exit 137, no 'survived'" '[ "$status" = 137 ] && out_lacks survived'

run_in '.linux.resources = {"memory":{"limit":16777216}}' 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max; cat /proc/self/cgroup'
check "inside, the cgroup namespace shows the container's own limit at its root" out_has '^16777216$'

run_in '.linux.resources = {"cpu":{"cpus":"999"}}' true
checkx "a value the kernel refuses fails the create, naming resource and file" '[ "$status" = 1 ] && grep -q "linux.resources.cpu.cpus: write '\''999'\'' to '\''cpuset.cpus'\''" <<<"$errout"'
check "... and leaves no cgroup behind" nothing_left "$last_id"

if [ $mode != v2 ]; then
	run_in '.linux.resources = {"unified":{"memory.high":"1000000"}}' true
	checkx "unified on a host without cgroup2 memory: an error naming the key or controller" '[ "$status" = 1 ] && grep -qE "memory" <<<"$errout"'
	check "... nothing left" nothing_left "$last_id"
fi

run_in '.linux.resources = {"network":{"classID":1048577}}' true
if grep -q net_cls /proc/self/cgroup; then
	check "net_cls classid applied" [ "$status" = 0 ]
else
	checkx "network.classID without a net_cls hierarchy: a named error" '[ "$status" = 1 ] && grep -q "linux.resources.network: the net_cls controller is not mounted" <<<"$errout"'
fi

# Devices: the default policy denies what is not standard.
run_in '.linux.devices = [{"type":"c","path":"/dev/exp0","major":240,"minor":0,"fileMode":438}] | .linux.resources = {"devices":[{"allow":false,"access":"rwm"}]}' 'head -c 1 /dev/exp0 2>&1; head -c 1 /dev/zero | wc -c'
if [ $mode != v2 ]; then
	check "a non-standard device (240:0) is denied by the device cgroup (EPERM)" out_has 'exp0: Operation not permitted'
	check "standard devices stay usable" out_has '^1$'
	run_in '.linux.devices = [{"type":"c","path":"/dev/exp0","major":240,"minor":0,"fileMode":438}] | .linux.resources = {"devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"c","major":240,"minor":0,"access":"r"}]}' \
		'head -c 1 /dev/exp0 2>&1'
	check "a rule that allows it lets the open reach the driver (ENXIO, no EPERM)" out_has 'exp0: No such device or address'
else
	skip "device rules on cgroup v2 (eBPF) are not implemented yet"
fi

# No pid namespace: kill --all and delete --force reach every process of the container.
id=nopid$RANDOM
dir=$(bundle "$id" '.linux.namespaces |= map(select(.type != "pid"))' sh -c 'sleep 200 & sleep 200 & sleep 300')
runh run -d --bundle "$dir" "$id"
wait_until 5 sh -c "[ \$(grep -lsa 'RUNH_IT=$TAG' /proc/[0-9]*/environ | wc -l) -ge 3 ]"
runh kill --all "$id" KILL
check "kill --all KILL ends every process of the container" wait_until 5 sh -c "[ -z \"\$(grep -lsa 'RUNH_IT=$TAG' /proc/[0-9]*/environ)\" ]"
runh delete --force "$id"
check "... and delete removes it" nothing_left "$id"

id=nopid2$RANDOM
dir=$(bundle "$id" '.linux.namespaces |= map(select(.type != "pid"))' sh -c 'sleep 200 & sleep 300')
runh run -d --bundle "$dir" "$id"
wait_until 5 sh -c "[ \$(grep -lsa 'RUNH_IT=$TAG' /proc/[0-9]*/environ | wc -l) -ge 2 ]"
runh delete --force "$id"
check "delete --force kills the container's other processes too" wait_until 5 nothing_left "$id"

run_in '.linux.cgroupsPath = "/runh-it-bad/../../etc"' true
checkx "a cgroupsPath with .. is refused" '[ "$status" = 1 ] && grep -q "invalid component '\''..'\''" <<<"$errout"'

# Every resource this kernel supports, read back from the host's files (v1 / hybrid).
if [ $mode != v2 ]; then
	all='.linux.resources = {
		"memory": {"limit": 67108864, "reservation": 33554432, "swap": 67108864, "swappiness": 30,
			   "kernelTCP": 16777216, "disableOOMKiller": true},
		"cpu": {"shares": 256, "quota": 30000, "period": 100000, "burst": 1000, "idle": 0,
			"cpus": "0", "mems": "0"},
		"pids": {"limit": 50},
		"blockIO": {"throttleReadBpsDevice": [{"major": 254, "minor": 0, "rate": 1048576}],
			    "throttleWriteIOPSDevice": [{"major": 254, "minor": 0, "rate": 300}]}}'
	id=all$RANDOM
	dir=$(bundle "$id" "$all" sleep 100)
	runh create --bundle "$dir" "$id"
	check "create with every supported resource" [ "$status" = 0 ]
	for kv in memory:memory.limit_in_bytes=67108864 memory:memory.soft_limit_in_bytes=33554432 \
		memory:memory.memsw.limit_in_bytes=67108864 memory:memory.swappiness=30 \
		memory:memory.kmem.tcp.limit_in_bytes=16777216 cpu:cpu.shares=256 \
		cpu:cpu.cfs_quota_us=30000 cpu:cpu.cfs_period_us=100000 cpu:cpu.cfs_burst_us=1000 \
		cpu:cpu.idle=0 cpuset:cpuset.cpus=0 cpuset:cpuset.mems=0 pids:pids.max=50; do
		ctl=${kv%%:*} rest=${kv#*:}
		check "host: $ctl/${rest%%=*} = ${rest#*=}" [ "$(cg_file "$id" "$ctl" "${rest%%=*}")" = "${rest#*=}" ]
	done
	check "host: memory.oom_control has oom_kill_disable 1" grep -q '^oom_kill_disable 1' <(cg_file "$id" memory memory.oom_control)
	check "host: blkio read bps throttle" grep -qx '254:0 1048576' <(cg_file "$id" blkio blkio.throttle.read_bps_device)
	check "host: blkio write iops throttle" grep -qx '254:0 300' <(cg_file "$id" blkio blkio.throttle.write_iops_device)
	runh delete "$id"
	check "... and all of it is removed by delete" nothing_left "$id"

	# What this kernel or host lacks: an error naming the resource and the file.
	run_in '.linux.resources = {"blockIO": {"weight": 500}}' 'cat /sys/fs/cgroup/blkio/blkio.bfq.weight /sys/fs/cgroup/blkio/blkio.weight 2>/dev/null'
	check "blockIO.weight reaches the blkio weight file" out_has '(^| )500$'
	# BFQ only (no CFQ blkio.weight): per-device weights go to blkio.bfq.weight_device.
	# A loop device of this test's own, switched to the bfq scheduler.
	truncate -s 8M "$IT_WORK/bfq.img"
	loop=$(losetup -f --show "$IT_WORK/bfq.img" 2>/dev/null)
	if [ -n "$loop" ] && [ ! -e "/sys/fs/cgroup/blkio/runh/blkio.weight" ] &&
		echo bfq >"/sys/block/${loop#/dev/}/queue/scheduler" 2>/dev/null; then
		mm=$(cat "/sys/block/${loop#/dev/}/dev")
		run_in ".linux.resources = {\"blockIO\": {\"weight\": 200, \"weightDevice\": [{\"major\": ${mm%:*}, \"minor\": ${mm#*:}, \"weight\": 300}]}}" \
			'cat /sys/fs/cgroup/blkio/blkio.bfq.weight_device'
		checkx "blockIO.weightDevice on a BFQ-only kernel reaches blkio.bfq.weight_device" '[ "$status" = 0 ] && out_has "^$mm 300$" && out_has "^default 200$"'
	else
		skip "no loop device with the bfq scheduler for blockIO.weightDevice"
	fi
	[ -n "$loop" ] && losetup -d "$loop"
	run_in '.linux.resources = {"blockIO": {"leafWeight": 300}}' true
	checkx "blockIO.leafWeight on a kernel without it: an error naming property and file" '[ "$status" = 1 ] && grep -q "linux.resources.blockIO.leafWeight: open .blkio.leaf_weight." <<<"$errout"'
	check "... nothing left" nothing_left "$last_id"
	run_in '.linux.resources = {"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}' true
	if [ -e /sys/fs/cgroup/hugetlb ]; then
		check "hugepageLimits with a v1 hugetlb hierarchy" [ "$status" = 0 ]
	else
		checkx "hugepageLimits where hugetlb is only in the machine's cgroup2 root: named error" '[ "$status" = 1 ] && grep -q "hugetlb" <<<"$errout"'
		check "... nothing left, the machine's cgroup2 root untouched" [ -z "$(cat /sys/fs/cgroup/unified/cgroup.subtree_control)" ]
	fi
	# A host without the controller a limit needs (here: a private view without the
	# cgroup2 tree and without the pids hierarchy): refused naming both, never dropped.
	noctl() {
		unshare -m --propagation private sh -c 'umount -l /sys/fs/cgroup/unified 2>/dev/null; umount -l /sys/fs/cgroup/pids 2>/dev/null; exec "$0" "$@"' \
			"$RUNH" --root "$ROOT" "$@" >/dev/null 2>"$IT_WORK/noctl.err" </dev/null
		status=$? errout=$(cat "$IT_WORK/noctl.err")
	}
	id=noctl$RANDOM
	dir=$(bundle "$id" '.linux.resources = {"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}' true)
	noctl run --bundle "$dir" "$id"
	checkx "hugepageLimits on a host with no hugetlb controller: refused, naming it" '[ "$status" = 1 ] && grep -q "linux.resources.hugepageLimits: this host has no hugetlb controller" <<<"$errout"'
	check "... nothing left" nothing_left "$id"
	dir=$(bundle "$id" '.linux.resources = {"pids": {"limit": 10}}' true)
	noctl run --bundle "$dir" "$id"
	checkx "pids.limit on a host with no pids controller: refused, naming it" '[ "$status" = 1 ] && grep -q "linux.resources.pids.limit: this host has no pids controller" <<<"$errout"'
	check "... nothing left" nothing_left "$id"
	dir=$(bundle "$id" '.linux.resources = {"pids": {"limit": 0}}' true)
	noctl run --bundle "$dir" "$id"
	check "a client's zero pids.limit there is no limit asked: runs" [ "$status" = 0 ]
	check "... nothing left" nothing_left "$id"
fi

# Without a cgroup namespace /sys/fs/cgroup shows the container's own cgroup, not the host's.
run_in '.linux.namespaces |= map(select(.type != "cgroup")) | .linux.resources = {"pids": {"limit": 33}, "memory": {"limit": 50331648}}' \
	'cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/memory.max; ls /sys/fs/cgroup/memory | grep -c "^process_api$"'
checkx "no cgroup namespace: the container sees its own limits in /sys/fs/cgroup" 'out_has "^33$" && out_has "^50331648$"'
check "... and not the host's cgroup tree" out_has '^0$'

# delete removes the parents runh created for a nested cgroupsPath, and no others.
mkdir -p "/sys/fs/cgroup/pids$CGPARENT/theirs"
id=nest$RANDOM
dir=$(bundle "$id" ".linux.cgroupsPath = \"$CGPARENT/theirs/a/b/$id\"" true)
runh run --bundle "$dir" "$id"
checkx "delete removes the parents runh created (a/b) in every hierarchy" '[ "$status" = 0 ] && [ ! -e "/sys/fs/cgroup/pids$CGPARENT/theirs/a" ] && [ ! -e "/sys/fs/cgroup/memory$CGPARENT/theirs/a" ]'
check "... and keeps the one it found (theirs)" [ -d "/sys/fs/cgroup/pids$CGPARENT/theirs" ]
rmdir "/sys/fs/cgroup/pids$CGPARENT/theirs"

# A create that finds its cgroup existing reuses it (as runc) and never kills or removes
# what runh did not create: not on a refused create, not on delete.
alive() { [ -e "/proc/$1" ] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null; }
dead() { wait_until 5 sh -c "! [ -e /proc/$1 ] || grep -q ') Z ' /proc/$1/stat"; }
cg_pids_of() { cat "/sys/fs/cgroup/pids$1/cgroup.procs" 2>/dev/null || cat "/sys/fs/cgroup$1/cgroup.procs"; }

ida=sha$RANDOM idb=shb$RANDOM
dira=$(bundle "$ida" ".linux.cgroupsPath = \"$CGPARENT/shared\"" sleep 300)
dirb=$(bundle "$idb" ".linux.cgroupsPath = \"$CGPARENT/shared\"" sleep 300)
runh run -d --bundle "$dira" "$ida"
pida=$(jq -r .pid "$ROOT/$ida/state.json")
runh create --bundle "$dirb" "$idb"
checkx "a second create with the same cgroupsPath reuses the cgroup, with a warning" '[ "$status" = 0 ] && grep -q "is not empty: 1 process(es) found" <<<"$errout"'
pidb=$(jq -r .pid "$ROOT/$idb/state.json")
checkx "... both inits are in the one cgroup" 'grep -qx "$pida" <(cg_pids_of "$CGPARENT/shared") && grep -qx "$pidb" <(cg_pids_of "$CGPARENT/shared")'
runh delete --force "$idb"
checkx "deleting the second container ends its init only: the first lives, the cgroup stays" '[ "$status" = 0 ] && dead "$pidb" && alive "$pida" && [ -d "/sys/fs/cgroup/pids$CGPARENT/shared" ]'
runh pause "$ida"
idc=shc$RANDOM
dirc=$(bundle "$idc" ".linux.cgroupsPath = \"$CGPARENT/shared\"" true)
runh create --bundle "$dirc" "$idc"
checkx "a frozen existing cgroup is refused with a clear error" '[ "$status" = 1 ] && grep -q "exists already and is frozen" <<<"$errout" && [ ! -e "$ROOT/$idc" ]'
runh state "$ida"
checkx "... and the paused container in it is untouched" 'alive "$pida" && jqt ".status == \"paused\""'
runh resume "$ida"
runh delete --force "$ida"
checkx "the container that created the cgroup removes it on delete" '[ "$status" = 0 ] && dead "$pida" && nothing_left shared'

# An ancestor: a container asking for /x while containers live in /x/A and /x/B.
ida=ana$RANDOM idb=anb$RANDOM idx=anx$RANDOM
dira=$(bundle "$ida" ".linux.cgroupsPath = \"$CGPARENT/x/A\"" sleep 300)
dirb=$(bundle "$idb" ".linux.cgroupsPath = \"$CGPARENT/x/B\"" sleep 300)
dirx=$(bundle "$idx" ".linux.cgroupsPath = \"$CGPARENT/x\"" sleep 300)
runh run -d --bundle "$dira" "$ida"
runh run -d --bundle "$dirb" "$idb"
pida=$(jq -r .pid "$ROOT/$ida/state.json") pidb=$(jq -r .pid "$ROOT/$idb/state.json")
runh run -d --bundle "$dirx" "$idx"
statusx=$status errx=$errout
runh delete --force "$idx"
checkx "create and delete of a container in an ancestor cgroup: /x/A and /x/B both survive" 'alive "$pida" && alive "$pidb" && [ -d "/sys/fs/cgroup/pids$CGPARENT/x/A" ] && [ -d "/sys/fs/cgroup/pids$CGPARENT/x/B" ]'
diag "ancestor create: status $statusx: $errx"
runh delete --force "$idb"
runh delete --force "$ida"
checkx "... and their own deletes remove x/B, x/A and x (created with x/A)" '[ ! -e "/sys/fs/cgroup/pids$CGPARENT/x" ] && nothing_left "$ida" && nothing_left "$idb"'

# A plain process in a cgroup made by hand (every hierarchy): it survives, the cgroup stays.
hand=$CGPARENT/hand
for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
	[ -e "$h/cgroup.procs" ] && mkdir -p "$h$hand"
	[ -e "$h$hand/cpuset.cpus" ] && cat "$h$CGPARENT/cpuset.cpus" >"$h$hand/cpuset.cpus" && cat "$h$CGPARENT/cpuset.mems" >"$h$hand/cpuset.mems"
done
env "RUNH_IT=$TAG" sleep 300 &
spid=$!
echo "$spid" >"/sys/fs/cgroup/pids$hand/cgroup.procs" 2>/dev/null || echo "$spid" >"/sys/fs/cgroup$hand/cgroup.procs"
idh=hand$RANDOM
dirh=$(bundle "$idh" ".linux.cgroupsPath = \"$hand\"" true)
runh run --bundle "$dirh" "$idh"
checkx "a container in a hand-made cgroup runs (reused, with a warning)" '[ "$status" = 0 ] && grep -q "is not empty" <<<"$errout"'
runh delete --force "$idh"
checkx "the hand-started process survives and its cgroup stays" 'alive "$spid" && grep -qx "$spid" <(cg_pids_of "$hand") && [ ! -e "$ROOT/$idh" ]'
kill -9 "$spid"
wait "$spid" 2>/dev/null
for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do [ -d "$h$hand" ] && rmdir "$h$hand"; done

# The same id under two --root directories (same cgroup path).
root2="$IT_WORK/state2"
id=two$RANDOM
dir=$(bundle "$id" '.' sleep 300)
runh run -d --bundle "$dir" "$id"
pid1=$(jq -r .pid "$ROOT/$id/state.json")
"$RUNH" --root "$root2" run -d --bundle "$dir" "$id" >/dev/null 2>&1
"$RUNH" --root "$root2" delete --force "$id" >/dev/null 2>&1
checkx "the same id under another --root: create and delete there leave the first container alive" 'alive "$pid1" && [ ! -e "$root2/$id" ]'
runh delete --force "$id"
check "... whose own delete removes everything" nothing_left "$id"
