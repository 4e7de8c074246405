# What the container's process sees of its namespaces.

ns_filter='.linux.namespaces += [{"type":"time"}] | .linux.timeOffsets = {"boottime":{"secs":86400,"nanosecs":0},"monotonic":{"secs":3600,"nanosecs":0}}'

run_in '.' 'echo $$; ps -o pid | wc -l'
check "the process is PID 1 in its namespace" [ "$(sed -n 1p <<<"$out")" = 1 ]
check "it sees only its own processes (ps + header + sh)" [ "$(sed -n 2p <<<"$out")" -le 4 ]

run_in '.hostname = "box-42" | .domainname = "example.test"' 'hostname; cat /proc/sys/kernel/domainname'
check "hostname is set" [ "$(sed -n 1p <<<"$out")" = box-42 ]
check "domainname is set" [ "$(sed -n 2p <<<"$out")" = example.test ]
check "the host's hostname is untouched" [ "$(hostname)" != box-42 ]

run_in '.' 'for n in pid net ipc uts mnt cgroup; do readlink /proc/self/ns/$n; done'
same=0
for n in pid net ipc uts mnt cgroup; do
	inside=$(grep "^$n:" <<<"$out")
	[ "$inside" = "$(readlink /proc/self/ns/$n)" ] && same=1 && diag "$n shared: $inside"
done
check "pid net ipc uts mnt cgroup namespaces all differ from the host's" [ "$same" = 0 -a -n "$out" ]

run_in '.' 'ls /sys/class/net; ip -o addr show lo; cat /sys/class/net/lo/operstate /sys/class/net/lo/flags'
check "only lo exists in the network namespace" [ "$(sed -n 1p <<<"$out")" = lo ]
check "lo has 127.0.0.1/8" grep -q 'inet 127.0.0.1/8' <<<"$out"
check "lo has ::1" grep -q 'inet6 ::1/128' <<<"$out"
check "lo is up (IFF_UP in flags)" [ $(( $(tail -1 <<<"$out") & 1 )) = 1 ]

run_in '.' 'cat /proc/self/cgroup'
check "the cgroup namespace root is the container's own (paths are /)" out_lacks ':/.+$'

run_in "$ns_filter" 'cut -d" " -f1 /proc/uptime; readlink /proc/self/ns/time'
host_up=$(cut -d" " -f1 /proc/uptime)
inside=$(sed -n 1p <<<"$out")
checkx "boottime offset +86400s shows in /proc/uptime" 'awk -v i="$inside" -v h="$host_up" '\''BEGIN { d = i - h; exit !(d > 86000 && d < 86800) }'\'''
check "the time namespace differs from the host's" [ "$(sed -n 2p <<<"$out")" != "$(readlink /proc/self/ns/time)" ]

# Joining an existing namespace by path: the network namespace of a running container.
id=netowner$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh run -d --bundle "$dir" "$id"
runh state "$id"
pid=$(jq -r .pid <<<"$out")
run_in ".linux.namespaces |= map(if .type == \"network\" then .path = \"/proc/$pid/ns/net\" else . end)" 'readlink /proc/self/ns/net'
check "a namespace given by path is joined" [ "$out" = "$(readlink /proc/$pid/ns/net)" ]
runh delete --force "$id"

run_in '.linux.namespaces |= map(if .type == "network" then .path = "/proc/self/ns/pid" else . end)' true
checkx "a path to the wrong namespace type is refused" '[ "$status" = 1 ] && grep -q "is not a network namespace" <<<"$errout"'
check "... and nothing is left" nothing_left "$last_id"
