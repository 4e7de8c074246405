# Rootless runh: an unprivileged user this file creates (with its own /etc/subuid and
# /etc/subgid range) runs the whole lifecycle, from `runh spec --rootless` on; the user,
# its ranges, its state, processes and cgroups are gone at the end.

RL_USER="runhrl$$"
RL_SUB=$((400000 + ($$ % 100) * 65536))
RL_HOME="$IT_WORK/rl-home"
RL_XDG="$IT_WORK/rl-xdg"

rl_cleanup() {
	local id p d
	if id "$RL_USER" >/dev/null 2>&1; then
		for id in $(ls "$RL_XDG/runh" 2>/dev/null); do
			urunh delete --force "$id" >/dev/null 2>&1
		done
		for p in $(pgrep -u "$RL_USER"); do kill -9 "$p" 2>/dev/null; done
		# A detached container's init is reaped by the machine's pid 1, in its time.
		wait_until 10 sh -c "[ -z \"\$(pgrep -u $RL_USER)\" ]" || diag "processes of $RL_USER left"
		userdel "$RL_USER" >/dev/null 2>&1 || diag "userdel $RL_USER failed"
	fi
	sed -i "/^$RL_USER:/d" /etc/subuid /etc/subgid
	[ -z "${U:-}" ] || [ ! -d "/run/user/$U/runh" ] || rm -rf "/run/user/$U"
	for d in /sys/fs/cgroup/*"$CGPARENT" /sys/fs/cgroup/*/runh/rl[0-9]*; do
		[ -d "$d" ] && rmdir "$d"/* "$d" 2>/dev/null
	done
	cleanup_all
}
trap rl_cleanup EXIT

# urunh ARGS...: runh as the test user, with its XDG_RUNTIME_DIR (no --root); sets
# $status, $out, $errout.  URUNH_NO_XDG=1: without XDG_RUNTIME_DIR.
urunh() {
	local o e
	o=$(mktemp) e=$(mktemp)
	local xdg="XDG_RUNTIME_DIR=$RL_XDG"
	[ -z "${URUNH_NO_XDG:-}" ] || xdg="-u XDG_RUNTIME_DIR"
	# shellcheck disable=SC2086 # $xdg is one or two words
	setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups \
		env $xdg "$RUNH" "$@" >"$o" 2>"$e" </dev/null
	status=$?
	out=$(cat "$o") errout=$(cat "$e")
	rm -f "$o" "$e"
	return 0
}

# ubundle NAME JQ-FILTER [ARGS...]: `runh spec --rootless` written by the user, then
# edited like lib.sh's bundle (the process tagged for the leftover checks).
ubundle() {
	local name=$1 filter=$2
	shift 2
	local dir="$RL_HOME/$name" args
	mkdir -p "$dir" && ln -sfn "$ROOTFS" "$dir/rootfs" && chown "$RL_USER:" "$dir"
	(cd "$dir" && setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups \
		"$RUNH" spec --rootless) || return 1
	args=$(jq -cn '$ARGS.positional' --args -- "$@")
	jq --argjson a "$args" --arg tag "RUNH_IT=$TAG" \
		'.process.args = $a | .process.env += [$tag] | '"$filter" \
		"$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
	chown "$RL_USER:" "$dir/config.json"
	echo "$dir"
}

# Nothing of ID left: state dir, cgroup in any hierarchy, tagged process, mount.
u_nothing_left() {
	local id=$1 d
	[ ! -e "$RL_XDG/runh/$id" ] || { diag "state dir $RL_XDG/runh/$id left"; return 1; }
	for d in /sys/fs/cgroup/*/runh/"$id" /sys/fs/cgroup/*"$CGPARENT/$id"; do
		[ ! -d "$d" ] || { diag "cgroup $d left"; return 1; }
	done
	nothing_left "$id"
}

if ! command -v setpriv >/dev/null || ! command -v useradd >/dev/null; then
	skip "rootless: setpriv and useradd are needed"
	return 0
fi
useradd --system --no-create-home --home-dir /nonexistent --shell /bin/false "$RL_USER" ||
	{ not_ok "rootless: create the test user"; return 0; }
U=$(id -u "$RL_USER") G=$(id -g "$RL_USER")
echo "$RL_USER:$RL_SUB:65536" >>/etc/subuid
echo "$RL_USER:$RL_SUB:65536" >>/etc/subgid
mkdir -p "$RL_HOME" "$RL_XDG"
chown "$RL_USER:" "$RL_HOME" "$RL_XDG"
chmod 0700 "$RL_XDG"

# --- spec --rootless ----------------------------------------------------------------
dir=$(ubundle rl-spec '.')
checkx "spec --rootless maps the caller's uid and gid to root in a user namespace" \
	"jqf '$dir/config.json' '.linux.uidMappings == [{\"containerID\":0,\"hostID\":$U,\"size\":1}] and .linux.gidMappings == [{\"containerID\":0,\"hostID\":$G,\"size\":1}] and any(.linux.namespaces[]; .type == \"user\")'"
checkx "... with a network namespace, no resources, no cgroup mount, no gid= option" \
	"jqf '$dir/config.json' 'any(.linux.namespaces[]; .type == \"network\") and (.linux.resources == null) and all(.mounts[]; .type != \"cgroup\" and all(.options[]?; startswith(\"gid=\") | not))'"

# --- run: what the container sees -----------------------------------------------------
id=rl$RANDOM
dir=$(ubundle "$id" '.' sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/setgroups; ls /sys/class/net; ip -o addr show lo | grep -c "inet 127.0.0.1/8"; echo x >/dev/null && head -c 3 /dev/zero | wc -c; grep -c " /dev/null " /proc/self/mountinfo; exit 3')
urunh run --bundle "$dir" "$id"
checkx "run as uid $U: the exit status is the container's" '[ "$status" = 3 ]'
checkx "... the process is root inside, the caller's uid outside (uid_map 0 $U 1)" \
	'[ "$(sed -n 1p <<<"$out")" = 0 ] && [ "$(sed -n 2p <<<"$out")" = 0 ] && grep -qE "^ +0 +$U +1$" <<<"$(sed -n 3p <<<"$out")"'
checkx "... setgroups is deny (a single id written without newgidmap)" '[ "$(sed -n 4p <<<"$out")" = deny ]'
checkx "... its network is loopback only, up with 127.0.0.1" '[ "$(sed -n 5p <<<"$out")" = lo ] && [ "$(sed -n 6p <<<"$out")" = 1 ]'
checkx "... the state root defaults to \$XDG_RUNTIME_DIR/runh, the user's, 0700" \
	'[ "$(stat -c %u:%a "$RL_XDG/runh")" = "$U:700" ]'
checkx "... the default devices work, bind-mounted from the host" '[ "$(sed -n 7p <<<"$out")" = 3 ] && [ "$(sed -n 8p <<<"$out")" = 1 ]'
check "... nothing left after run" u_nothing_left "$id"

# --- the lifecycle --------------------------------------------------------------------
id=rl$RANDOM
dir=$(ubundle "$id" '.' sh -c 'sleep 300 & sleep 300')
urunh create --bundle "$dir" "$id"
check "create as uid $U" [ "$status" = 0 ]
urunh state "$id"
checkx "state: created" '[ "$status" = 0 ] && jqt ".status == \"created\""'
pid=$(jq -r .pid <<<"$out")
checkx "the init runs as host uid $U" "grep -qE '^Uid:\s+$U\s' /proc/$pid/status"
checkx "no cgroup: the init stays in the caller's cgroups" \
	'[ "$(grep memory: /proc/$pid/cgroup)" = "$(grep memory: /proc/$$/cgroup)" ] && [ -z "$(ls -d /sys/fs/cgroup/*/runh/$id 2>/dev/null)" ]'
urunh start "$id"
check "start" [ "$status" = 0 ]
urunh list --format json
checkx "list shows it running" "[ \"\$status\" = 0 ] && jqt 'any(.[]; .id == \"$id\" and .status == \"running\")'"
wait_until 5 sh -c "[ \$(pgrep -P $pid | wc -l) -ge 1 ]"
urunh ps --format json "$id"
checkx "ps without a cgroup: the processes of its pid namespace" "jqt 'length == 2 and any(.[]; . == $pid)'"
urunh exec "$id" sh -c 'id -u; cat /proc/1/cmdline | tr "\0" " "; echo; readlink /proc/self/ns/pid'
checkx "exec joins it (root inside, its pid namespace)" \
	"[ \"\$status\" = 0 ] && [ \"\$(sed -n 1p <<<\"\$out\")\" = 0 ] && out_has '^sleep 300' && [ \"\$(sed -n 3p <<<\"\$out\")\" = \"\$(readlink /proc/$pid/ns/pid)\" ]"
urunh pause "$id"
checkx "pause without a cgroup: refused, saying why" \
	'[ "$status" = 1 ] && grep -qF "container has no cgroup: it was created without root and no cgroup was writable by its user" <<<"$errout"'
urunh kill "$id" KILL
check "kill" [ "$status" = 0 ]
wait_until 5 sh -c "! kill -0 $pid 2>/dev/null || grep -q '^State:.*Z' /proc/$pid/status"
urunh state "$id"
checkx "state: stopped" '[ "$status" = 0 ] && jqt ".status == \"stopped\""'
urunh delete "$id"
check "delete" [ "$status" = 0 ]
check "nothing left after the lifecycle" u_nothing_left "$id"

# --- a range through newuidmap / newgidmap ---------------------------------------------
if command -v newuidmap >/dev/null && command -v newgidmap >/dev/null; then
	id=rl$RANDOM
	maps=".linux.uidMappings = [{\"containerID\":0,\"hostID\":$U,\"size\":1},{\"containerID\":1,\"hostID\":$RL_SUB,\"size\":65536}] | .linux.gidMappings = [{\"containerID\":0,\"hostID\":$G,\"size\":1},{\"containerID\":1,\"hostID\":$RL_SUB,\"size\":65536}]"
	dir=$(ubundle "$id" "$maps"' | .process.user.additionalGids = [5, 100] | .process.capabilities.bounding += ["CAP_CHOWN"] | .process.capabilities.effective += ["CAP_CHOWN"] | .process.capabilities.permitted += ["CAP_CHOWN"] | .mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["size=1m"]}]' \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; grep ^Groups: /proc/self/status; touch /tmp/f && chown 1000:5 /tmp/f && stat -c %u:%g /tmp/f')
	urunh run --bundle "$dir" "$id"
	checkx "a subuid range: uid_map has the caller's id and its /etc/subuid range" \
		"[ \"\$status\" = 0 ] && out_has '^ +0 +$U +1$' && out_has '^ +1 +$RL_SUB +65536$'"
	checkx "... gid_map likewise, setgroups allowed, additionalGids set" \
		"out_has '^ +0 +$G +1$' && out_has '^ +1 +$RL_SUB +65536$' && out_has '^allow$' && out_has '^Groups:\s+5 100\s*$'"
	checkx "... a file chowned to 1000:5 inside" 'out_has "^1000:5$"'
	check "... nothing left" u_nothing_left "$id"

	id=rl$RANDOM
	dir=$(ubundle "$id" "$maps | .linux.uidMappings[1].hostID = $((RL_SUB + 65536))" true)
	urunh run --bundle "$dir" "$id"
	checkx "a range outside /etc/subuid: refused, naming the mapping and the user's range" \
		"[ \"\$status\" = 1 ] && grep -qF 'linux.uidMappings[1]: host ids $((RL_SUB + 65536))-$((RL_SUB + 131071)) are not delegated to $RL_USER (uid $U) in /etc/subuid (it has $RL_SUB-$((RL_SUB + 65535)))' <<<\"\$errout\""
	check "... nothing left" u_nothing_left "$id"
else
	skip "newuidmap/newgidmap not installed (Debian: uidmap)"
	skip "newuidmap/newgidmap not installed"
	skip "newuidmap/newgidmap not installed"
	skip "newuidmap/newgidmap not installed"
	skip "newuidmap/newgidmap not installed"
	skip "newuidmap/newgidmap not installed"
fi

# --- cgroups --------------------------------------------------------------------------
id=rl$RANDOM
dir=$(ubundle "$id" '.linux.resources = {"memory": {"limit": 67108864}}' true)
urunh run --bundle "$dir" "$id"
checkx "a memory limit without a delegated cgroup: refused, naming the field and how to delegate" \
	"[ \"\$status\" = 1 ] && grep -qE 'linux.resources.memory.limit: the memory cgroup /sys/fs/cgroup/memory/runh/$id cannot be made by uid $U .*chown $U /sys/fs/cgroup/memory/runh' <<<\"\$errout\""
check "... nothing left (no state dir, no cgroup)" u_nothing_left "$id"

id=rl$RANDOM
dir=$(ubundle "$id" '.linux.resources = {"memory": {"limit": 0}, "cpu": {"shares": 0}, "pids": {"limit": 0}}' true)
urunh run --bundle "$dir" "$id"
check "limits that are all 0 (none): runs without a cgroup" [ "$status" = 0 ]
check "... nothing left" u_nothing_left "$id"

# A cgroup delegated to the user (memory and pids): used, with its limits.
for h in memory pids; do
	mkdir -p "/sys/fs/cgroup/$h$CGPARENT" && chown "$RL_USER:" "/sys/fs/cgroup/$h$CGPARENT"
done
id=rl$RANDOM
dir=$(ubundle "$id" ".linux.cgroupsPath = \"$CGPARENT/$id\" | .linux.resources = {\"memory\": {\"limit\": 67108864}, \"pids\": {\"limit\": 20}}" sh -c 'sleep 300 & sleep 300')
urunh run -d --bundle "$dir" "$id"
checkx "a delegated cgroup: the container runs in it with its limits" \
	"[ \"\$status\" = 0 ] && [ \"\$(cat /sys/fs/cgroup/memory$CGPARENT/$id/memory.limit_in_bytes)\" = 67108864 ] && [ \"\$(cat /sys/fs/cgroup/pids$CGPARENT/$id/pids.max)\" = 20 ]"
checkx "... only where it could write (no cpu cgroup)" "[ ! -e /sys/fs/cgroup/cpu$CGPARENT/$id ]"
urunh exec "$id" true
checkx "... exec joins the delegated cgroups only" '[ "$status" = 0 ]'
urunh update --memory 32M --pids-limit 30 "$id"
checkx "... update writes the delegated cgroups" \
	"[ \"\$status\" = 0 ] && [ \"\$(cat /sys/fs/cgroup/memory$CGPARENT/$id/memory.limit_in_bytes)\" = 33554432 ] && [ \"\$(cat /sys/fs/cgroup/pids$CGPARENT/$id/pids.max)\" = 30 ]"
urunh update --cpu-shares 512 "$id"
checkx "... and refuses a limit of a hierarchy it has no cgroup in, naming the field" \
	"[ \"\$status\" = 1 ] && grep -qF 'linux.resources.cpu.shares: the container has no cgroup /sys/fs/cgroup/cpu$CGPARENT/$id' <<<\"\$errout\""
urunh kill --all "$id" KILL
check "... kill --all" [ "$status" = 0 ]
urunh delete --force "$id"
checkx "... delete removes the container's cgroup" "[ \"\$status\" = 0 ] && [ ! -e /sys/fs/cgroup/memory$CGPARENT/$id ] && [ ! -e /sys/fs/cgroup/pids$CGPARENT/$id ]"
check "... nothing left" u_nothing_left "$id"

id=rl$RANDOM
dir=$(ubundle "$id" '.' true)
urunh --rootless=false run --bundle "$dir" "$id"
checkx "--rootless=false: the cgroup is not skipped (runc's meaning), the error says so" \
	"[ \"\$status\" = 1 ] && grep -q 'create cgroup .*/runh/$id: Permission denied' <<<\"\$errout\""
check "... nothing left" u_nothing_left "$id"

# --- errors ----------------------------------------------------------------------------
urunh --rootless=maybe list
checkx "--rootless with a bad value: a usage error" \
	"[ \"\$status\" = 1 ] && grep -qF \"expected true, false or auto\" <<<\"\$errout\""

URUNH_NO_XDG=1 urunh list
checkx "no XDG_RUNTIME_DIR: an error that names it and what to do" \
	"[ \"\$status\" = 1 ] && grep -qF 'XDG_RUNTIME_DIR is not set and /run/user/$U is not a directory of this user; set XDG_RUNTIME_DIR' <<<\"\$errout\""
URUNH_NO_XDG=1 urunh spec --help
check "... spec needs no state root" [ "$status" = 0 ]
if [ -d /run/user ] && [ ! -e "/run/user/$U" ]; then
	mkdir -m 0700 "/run/user/$U" && chown "$RL_USER:" "/run/user/$U"
	id=rl$RANDOM
	dir=$(ubundle "$id" '.' true)
	URUNH_NO_XDG=1 urunh run -d --bundle "$dir" "$id"
	checkx "no XDG_RUNTIME_DIR but the user's /run/user/$U: the state goes there" \
		"[ \"\$status\" = 0 ] && [ -d /run/user/$U/runh/$id ]"
	URUNH_NO_XDG=1 urunh delete --force "$id"
	checkx "... and delete finds it there" "[ \"\$status\" = 0 ] && [ ! -e /run/user/$U/runh/$id ]"
	rm -rf "/run/user/$U"
else
	skip "no /run/user, or /run/user/$U exists"
	skip "no /run/user, or /run/user/$U exists"
fi

dir=$(ubundle rl-denied '.' true)
urunh --root "$IT_WORK/rl-denied/state" create --bundle "$dir" rl-denied
checkx "a state root the user cannot write: the error names it and the uid" \
	"[ \"\$status\" = 1 ] && grep -qF \"create state root '$IT_WORK/rl-denied/state': Permission denied for uid $U (pass --root DIR\" <<<\"\$errout\""

id=rl$RANDOM
dir=$(ubundle "$id" 'del(.linux.uidMappings, .linux.gidMappings) | .linux.namespaces |= map(select(.type != "user"))' true)
urunh run --bundle "$dir" "$id"
checkx "a config without a user namespace: refused, saying why" \
	"[ \"\$status\" = 1 ] && grep -qF 'linux.namespaces: running without root (uid $U) needs a user namespace' <<<\"\$errout\""
check "... nothing left" u_nothing_left "$id"

id=rl$RANDOM
dir=$(ubundle "$id" '.process.user.uid = 1000' true)
urunh run --bundle "$dir" "$id"
checkx "a process user the single-id map does not give: refused, saying why" \
	"[ \"\$status\" = 1 ] && grep -qF 'process.user.uid 1000 is not mapped by linux.uidMappings: a user namespace has only the ids its maps give' <<<\"\$errout\""
check "... nothing left" u_nothing_left "$id"

# --- the end: the user and everything of it gone ---------------------------------------
rl_cleanup
trap cleanup_all EXIT
checkx "the test user, its ranges, processes and cgroups are gone" \
	"! getent passwd '$RL_USER' >/dev/null && ! id '$RL_USER' >/dev/null 2>&1 && ! grep -q '^$RL_USER:' /etc/subuid /etc/subgid && [ -z \"\$(pgrep -u $U)\" ] && [ -z \"\$(ls -d /sys/fs/cgroup/*$CGPARENT 2>/dev/null)\" ]"
