# update: new limits reach the host's cgroup files and take effect inside.

id=up$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory":{"limit":67108864},"pids":{"limit":100},"cpu":{"shares":1024}}' sleep 300)
runh run -d --bundle "$dir" "$id"
cgf() { cat "/sys/fs/cgroup/$1$CGPARENT/$id/$2" 2>/dev/null || cat "/sys/fs/cgroup$CGPARENT/$id/$3"; }

runh update --memory 33554432 --pids-limit 20 --cpu-shares 256 --cpu-quota 25000 --cpu-period 100000 "$id"
check "update with flags exits 0" [ "$status" = 0 ]
check "memory limit updated on the host" [ "$(cgf memory memory.limit_in_bytes memory.max)" = 33554432 ]
check "pids limit updated on the host" [ "$(cgf pids pids.max pids.max)" = 20 ]
check "cpu shares and quota updated" [ "$(cgf cpu cpu.shares cpu.weight) $(cgf cpu cpu.cfs_quota_us cpu.max | cut -d' ' -f1)" = "256 25000" ]
runh exec "$id" sh -c 'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max'
check "the container sees its new pids limit" [ "$out" = 20 ]

echo '{"pids":{"limit":7},"memory":{"limit":50331648}}' | "$RUNH" --root "$ROOT" update --resources - "$id"
check "update --resources - (JSON on stdin, containerd's form)" [ "$(cgf pids pids.max pids.max) $(cgf memory memory.limit_in_bytes memory.max)" = "7 50331648" ]
runh exec "$id" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 2 & done; echo forked'
checkx "the lowered pids limit is enforced for new processes" '[ "$status" != 0 ] && out_lacks "^forked$"'

echo '{"memory":{"limit":4096,"checkBeforeUpdate":true}}' >"$IT_WORK/res.json"
runh update --resources "$IT_WORK/res.json" "$id"
checkx "checkBeforeUpdate refuses a limit below the current usage" '[ "$status" = 1 ] && grep -q "below the current usage" <<<"$errout"'
echo '{"pids":{"limit":"x"}}' >"$IT_WORK/res.json"
runh update --resources "$IT_WORK/res.json" "$id"
checkx "an invalid resources file: named error" '[ "$status" = 1 ] && grep -q "pids.limit: expected an integer" <<<"$errout"'
runh update --cpuset-cpus 999 "$id"
checkx "a value the kernel refuses: named error" '[ "$status" = 1 ] && grep -q "linux.resources.cpu.cpus" <<<"$errout"'
runh delete --force "$id"
runh update --memory 1 "$id"
checkx "update of a missing container: 'container does not exist'" '[ "$status" = 1 ] && grep -q "container does not exist" <<<"$errout"'
check "nothing left" nothing_left "$id"

# Zero means "not set" (what dockerd sends), sizes with suffixes, the kernel's write order,
# and all-or-nothing.  v1 / hybrid files here; t-cgroup2.sh has the v2 side.
if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
	cg1() { cat "/sys/fs/cgroup/$1$CGPARENT/$id/$2"; }
	id=zero$RANDOM
	dir=$(bundle "$id" '.linux.resources = {"blockIO":{"weight":0},"cpu":{"shares":0},"memory":{"limit":67108864},"pids":{"limit":50}}' sleep 300)
	runh run -d --bundle "$dir" "$id"
	check "create with blockIO.weight 0 and cpu.shares 0 (dockerd's) succeeds" [ "$status" = 0 ]
	check "... cpu.shares keeps the kernel default 1024" [ "$(cg1 cpu cpu.shares)" = 1024 ]
	check "... and the blkio weight its default" [ "$(cat "/sys/fs/cgroup/blkio$CGPARENT/$id/blkio.bfq.weight" 2>/dev/null || cg1 blkio blkio.weight)" = 100 ]
	runh delete --force "$id"
	check "nothing left" nothing_left "$id"

	id=zeroup$RANDOM
	dir=$(bundle "$id" '.linux.resources = {"memory":{"limit":67108864},"pids":{"limit":50}}' sleep 300)
	runh run -d --bundle "$dir" "$id"

	before=$(cg1 cpu cpu.cfs_quota_us):$(cg1 cpu cpu.cfs_period_us):$(cg1 memory memory.limit_in_bytes):$(cg1 memory memory.soft_limit_in_bytes):$(cg1 cpu cpu.shares):$(cg1 cpuset cpuset.cpus)
	echo '{"memory":{"limit":0,"reservation":0,"swap":0,"kernel":0,"kernelTCP":0},"cpu":{"shares":0,"quota":0,"period":0,"realtimeRuntime":0,"realtimePeriod":0,"cpus":"","mems":""},"blockIO":{"weight":0},"pids":{"limit":33}}' >"$IT_WORK/zero.json"
	runh update --resources "$IT_WORK/zero.json" "$id"
	after=$(cg1 cpu cpu.cfs_quota_us):$(cg1 cpu cpu.cfs_period_us):$(cg1 memory memory.limit_in_bytes):$(cg1 memory memory.soft_limit_in_bytes):$(cg1 cpu cpu.shares):$(cg1 cpuset cpuset.cpus)
	checkx "docker update's zeros change only the field given (pids 33)" '[ "$status" = 0 ] && [ "$(cg1 pids pids.max)" = 33 ] && [ "$before" = "$after" ]'
	diag "before $before after $after"
	runh update --pids-limit 0 --cpu-quota 0 --cpu-period 0 --memory 0 --cpu-shares 0 "$id"
	checkx "flags given as 0 change nothing either" '[ "$status" = 0 ] && [ "$(cg1 pids pids.max)" = 33 ] && [ "$(cg1 memory memory.limit_in_bytes)" = 67108864 ] && [ "$(cg1 cpu cpu.shares)" = 1024 ]'

	runh update --memory 50M --memory-reservation 10m "$id"
	checkx "update --memory 50M (size suffixes, as runc)" '[ "$status" = 0 ] && [ "$(cg1 memory memory.limit_in_bytes)" = 52428800 ] && [ "$(cg1 memory memory.soft_limit_in_bytes)" = 10485760 ]'
	runh update --memory 50Q "$id"
	checkx "... a bad size is a usage error" '[ "$status" != 0 ] && [ "$(cg1 memory memory.limit_in_bytes)" = 52428800 ]'

	runh update --memory 40M --pids-limit 44 --cpuset-cpus 999 "$id"
	checkx "update is all or nothing: a refused cpuset leaves memory and pids as they were" '[ "$status" = 1 ] && grep -q "linux.resources.cpu.cpus: write .999. to .cpuset.cpus." <<<"$errout" && [ "$(cg1 memory memory.limit_in_bytes)" = 52428800 ] && [ "$(cg1 pids pids.max)" = 33 ]'

	if [ -e "/sys/fs/cgroup/memory$CGPARENT/$id/memory.memsw.limit_in_bytes" ]; then
		runh update --memory 33554432 --memory-swap 67108864 "$id"
		runh update --memory -1 "$id"
		checkx "memory -1 with a swap limit set: both become unlimited" '[ "$status" = 0 ] && [ "$(cg1 memory memory.limit_in_bytes)" = "$(cg1 memory memory.memsw.limit_in_bytes)" ] && [ "$(cg1 memory memory.limit_in_bytes)" -gt 1000000000000 ]'
	else
		skip "no swap accounting: memory -1 with a swap limit"
	fi
	runh delete --force "$id"
	check "nothing left" nothing_left "$id"

	# A lower period than the parent's bandwidth allows with the old quota: quota first.
	lim=$CGPARENT/lim
	mkdir -p "/sys/fs/cgroup/cpu$lim"
	echo 100000 >"/sys/fs/cgroup/cpu$lim/cpu.cfs_quota_us"
	id=per$RANDOM
	dir=$(bundle "$id" ".linux.cgroupsPath = \"$lim/$id\" | .linux.resources = {\"cpu\":{\"quota\":100000,\"period\":100000}}" sleep 300)
	runh run -d --bundle "$dir" "$id"
	runh update --cpu-quota 50000 --cpu-period 50000 "$id"
	checkx "update to a lower period and quota: the kernel's order (quota, then period)" '[ "$status" = 0 ] && [ "$(cat /sys/fs/cgroup/cpu$lim/$id/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu$lim/$id/cpu.cfs_period_us)" = "50000 50000" ]'
	runh delete --force "$id"
	for h in /sys/fs/cgroup/*/; do [ -d "$h$lim" ] && rmdir "$h$lim"; done
	check "nothing left" nothing_left "$id"
fi
