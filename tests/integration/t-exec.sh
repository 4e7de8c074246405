# exec: a new process joins every namespace of the container, its cgroup, its user,
# capabilities and seccomp filter; exit status propagated; never sees runh.

userns='.linux.namespaces += [{"type":"user"}] | .linux.uidMappings = [{"containerID":0,"hostID":300000,"size":65536}] | .linux.gidMappings = [{"containerID":0,"hostID":300000,"size":65536}]'
seccomp='.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}'
id=ex$RANDOM
dir=$(bundle "$id" "$userns | $seccomp | .linux.resources = {\"pids\":{\"limit\":40}} | .hostname = \"exec-box\"" sleep 300)
runh run -d --bundle "$dir" "$id"
pid=$(jq -r .pid "$ROOT/$id/state.json")

runh exec "$id" sh -c 'for n in pid net ipc uts mnt cgroup user; do readlink /proc/self/ns/$n; done'
want=$(for n in pid net ipc uts mnt cgroup user; do readlink /proc/$pid/ns/$n; done)
check "exec joins all seven namespaces of the init" [ "$out" = "$want" ]
runh exec --pid-file "$IT_WORK/exec.pid" "$id" sh -c 'hostname; echo $$; cat /proc/self/status | grep -E "^(CapEff|NoNewPrivs|Seccomp):"; mkdir /dev/shm/x 2>&1'
checkx "exec sees the container's hostname and pid namespace (a small pid)" 'out_has "^exec-box$" && [ "$(sed -n 2p <<<"$out")" -lt 1000 ]'
checkx "exec gets the config's capabilities and noNewPrivileges" 'out_has "^CapEff:\s+0000000020000420$" && out_has "^NoNewPrivs:\s+1$"'
checkx "exec runs under the container's seccomp filter" 'out_has "^Seccomp:\s+2$" && out_has "Permission denied"'
xpid=$(cat "$IT_WORK/exec.pid" 2>/dev/null)
check "exec --pid-file names a host pid" [ -n "$xpid" ]

runh exec -d --pid-file "$IT_WORK/exec2.pid" "$id" sleep 30
xpid=$(cat "$IT_WORK/exec2.pid")
check "exec --detach returns with the process running" kill -0 "$xpid"
checkx "the exec'd process is in the container's cgroup" 'grep -qx "$xpid" "/sys/fs/cgroup/pids$CGPARENT/$id/cgroup.procs"'
check "the exec'd process runs as the container's mapped root (host uid 300000)" grep -qE '^Uid:\s+300000' /proc/$xpid/status
check "its exe is the program, not runh" [ "$(readlink /proc/$xpid/exe | xargs basename)" = busybox ]
runh ps --format json "$id"
check "ps lists the exec'd process" jqt --argjson p "$xpid" 'index($p) != null'

runh exec --user 1000:1001 --additional-gids 5 --cwd /etc --env FOO=bar "$id" sh -c 'id -u; id -g; id -G; pwd; echo $FOO'
checkx "exec --user/--additional-gids/--cwd/--env" '[ "$out" = "$(printf "1000\n1001\n1001 5\n/etc\nbar")" ]'
runh exec --cap CAP_SYS_ADMIN "$id" grep CapEff /proc/self/status
check "exec --cap adds exactly that capability" out_has '^CapEff:\s+0000000020200420$'
runh exec "$id" sh -c 'exit 42'
check "exec's exit status propagates" [ "$status" = 42 ]
printf '{"args":["sh","-c","echo from-process-json $V; id -u"],"cwd":"/","env":["V=1"],"user":{"uid":7,"gid":7}}' >"$IT_WORK/proc.json"
runh exec --process "$IT_WORK/proc.json" "$id"
checkx "exec --process FILE (containerd's form)" 'out_has "^from-process-json 1$" && out_has "^7$"'
runh exec "$id" /no/such/program
checkx "a missing program is an error naming it, exit 255 (runc: the runtime failed, not the process)" '[ "$status" = 255 ] && grep -q "/no/such/program" <<<"$errout"'
runh exec "$id" sh -c 'exit 1'
check "... while the process's own 1 stays 1" [ "$status" = 1 ]
runh exec --pid-file "$IT_WORK/no/such/dir/pid" "$id" true
checkx "a pid file that cannot be written: exit 255" '[ "$status" = 255 ] && grep -q "write pid file" <<<"$errout"'
runh exec --no-such-flag "$id" true
check "a usage error still exits 1" [ "$status" = 1 ]
runh exec "$id" ls -l /proc/1/fd/ /proc/self/fd/
checkx "no runh fd reaches the exec'd process (only 0-2 and ls's own)" '[ "$(ls /proc/$xpid/fd | wc -l)" -le 3 ]'

runh pause "$id"
runh exec "$id" true
checkx "exec into a paused container is refused, exit 255" '[ "$status" = 255 ] && grep -q "cannot exec in a paused container" <<<"$errout"'
runh resume "$id"
runh kill "$id" KILL
wait_until 5 sh -c "\"$RUNH\" --root \"$ROOT\" state $id | grep -q stopped"
runh exec "$id" true
checkx "exec into a stopped container is refused, exit 255" '[ "$status" = 255 ] && grep -q "cannot exec in a stopped container" <<<"$errout"'
runh delete --force "$id"
check "nothing left" nothing_left "$id"
runh exec nosuch true
checkx "exec into a missing container: 'container does not exist', exit 255" '[ "$status" = 255 ] && grep -q "container does not exist" <<<"$errout"'

id=sub$RANDOM
dir=$(bundle "$id" '.' sleep 300)
runh run -d --bundle "$dir" "$id"
for h in /sys/fs/cgroup/*/; do
	[ -d "$h$CGPARENT/$id" ] || continue
	mkdir "$h$CGPARENT/$id/sub"
	for f in cpuset.cpus cpuset.mems; do [ -e "$h$CGPARENT/$id/$f" ] && cat "$h$CGPARENT/$id/$f" >"$h$CGPARENT/$id/sub/$f"; done
done
runh exec --cgroup sub "$id" cat /proc/self/cgroup
checkx "exec --cgroup SUB runs the process in the container's sub-cgroup" 'out_has "pids:/sub$" || out_has "pids:.*/$id/sub$"'
runh exec --cgroup cpu:sub "$id" true
check "exec --cgroup ctrl:path is refused (a usage error: 1)" [ "$status" = 1 ]
runh delete --force "$id"
check "delete removes the container's cgroup with its sub-cgroups" nothing_left "$id"

# exec --env overrides a variable the process already has (the last wins, once).
id=xe$RANDOM
dir=$(bundle "$id" '.process.env += ["FOO=from-config"]' sleep 300)
runh run -d --bundle "$dir" "$id"
runh exec --env FOO=from-exec "$id" sh -c 'echo "$FOO"; env | grep -c "^FOO="'
checkx "exec --env K=V overrides the config's K" '[ "$out" = "$(printf "from-exec\n1")" ]'
runh delete --force "$id"
check "... nothing left" nothing_left "$id"
