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
