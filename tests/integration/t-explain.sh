# runh --explain: the narration of a hardened container names every step its config
# asks for, in the order runh takes them, and what it narrates is what the host shows
# (cgroup files, id maps, capabilities); --debug and --log carry the same lines; exec is
# narrated too; without --explain nothing of it is printed.

# hardened_bundle NAME ARGS...: `runh spec --hardened` on the shared rootfs.
hardened_bundle() {
	local name=$1
	shift
	local dir="$IT_WORK/$name" args
	rm -rf "$dir"
	mkdir -p "$dir"
	ln -s "$ROOTFS" "$dir/rootfs"
	(cd "$dir" && "$RUNH" spec --hardened) || return 1
	args=$(jq -cn '$ARGS.positional' --args -- "$@")
	jq --argjson a "$args" --arg tag "RUNH_IT=$TAG" --arg cg "$CGPARENT/$name" \
		'.process.args = $a | .process.env += [$tag] | .linux.cgroupsPath = $cg' \
		"$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
	echo "$dir"
}

# lines TAG: the narration lines of one topic in $errout.
lines() { grep -F "[$1]" <<<"$errout"; }
# first_line ERE: the number of the first line of $errout that matches (0: none).
first_line() { local n; n=$(grep -nE -m1 "$1" <<<"$errout" | cut -d: -f1); echo "${n:-0}"; }

id=xh$RANDOM
dir=$(hardened_bundle "$id" sleep 300)
cfg="$dir/config.json"

# --- create: the narration, checked against the config and against the host ----------
runh --explain create --bundle "$dir" "$id"
check "--explain create of the hardened config succeeds" [ "$status" = 0 ]
pid=$(jq -r .pid "$ROOT/$id/state.json" 2>/dev/null)
create_err=$errout

clone=$(grep -E '^\[ns\] +clone3\(' <<<"$errout")
check "one [ns] line names the clone3 call and the init's pid" grep -qE "\) -> init pid $pid;" <<<"$clone"
missing=""
for t in $(jq -r '.linux.namespaces[].type' "$cfg"); do
	grep -qw "$t" <<<"$clone" || missing+=" $t"
done
check "each namespace of the config is named in the [ns] clone line (missing:$missing)" [ -z "$missing" ]
missing=""
for t in $(jq -r '.linux.namespaces[].type' "$cfg"); do
	case $t in pid) f=NEWPID ;; network) f=NEWNET ;; ipc) f=NEWIPC ;; uts) f=NEWUTS ;;
	mount) f=NEWNS ;; user) f=NEWUSER ;; cgroup) f=NEWCGROUP ;; time) f=NEWTIME ;; esac
	lines ns | grep -q "$f" || missing+=" $f"
done
check "each namespace's CLONE_ flag is in an [ns] line (missing:$missing)" [ -z "$missing" ]

bad=""
for m in uid gid; do
	while read -r c h s; do
		lines user | grep -qF "${m}_map $c -> $h ($s ids)" || bad+=" ${m}_map:$c/$h/$s"
	done < <(jq -r ".linux.${m}Mappings[] | \"\(.containerID) \(.hostID) \(.size)\"" "$cfg")
done
check "the [user] lines carry the config's uid and gid maps ($bad)" [ -z "$bad" ]
checkx "the narrated maps are the init's /proc/PID/uid_map and gid_map" \
	'[ "$(awk "{print \$1, \$2, \$3}" /proc/$pid/uid_map)" = "$(jq -r ".linux.uidMappings[] | \"\(.containerID) \(.hostID) \(.size)\"" "$cfg")" ] &&
	 [ "$(awk "{print \$1, \$2, \$3}" /proc/$pid/gid_map)" = "$(jq -r ".linux.gidMappings[] | \"\(.containerID) \(.hostID) \(.size)\"" "$cfg")" ]'
root_host=$(jq -r '.linux.uidMappings[] | select(.containerID == 0) | .hostID' "$cfg")
check "the [user] line says which host uid the container's root is" \
	grep -qF "the container's root is host uid $root_host" <<<"$(lines user)"

missing=""
for dest in $(jq -r '.mounts[].destination' "$cfg"); do
	lines mnt | grep -qF " on $dest (" || missing+=" $dest"
done
check "each mount destination of the config has its [mnt] line (missing:$missing)" [ -z "$missing" ]
check "the tmpfs on /tmp is narrated with its options and the mount API" \
	grep -qE '^\[mnt\] +tmpfs on /tmp \(nosuid, nodev, noexec.*size=[^)]*\) via fsopen\+fsconfig\+fsmount\+move_mount$' <<<"$errout"
check "pivot_root is narrated" grep -qE '^\[mnt\] +pivot_root\(' <<<"$errout"
check "the read-only root is narrated (root.readonly)" grep -qE '^\[mnt\] +/ remounted read-only' <<<"$errout"
bad=""
for p in $(lines mnt | sed -nE 's/^\[mnt\] +masked ([^:]+):.*/\1/p'); do
	jq -e --arg p "$p" '.linux.maskedPaths | index($p) != null' "$cfg" >/dev/null || bad+=" $p"
done
check "masked paths narrated are only the config's ($bad)" [ -z "$bad" ]
missing=""
for p in $(jq -r '.linux.maskedPaths[]' "$cfg"); do
	[ -e "$p" ] || continue # not on this kernel: nothing to mask (skipped quietly)
	lines mnt | grep -qF "masked $p: " || missing+=" $p"
done
check "each masked path of the config this kernel has is narrated (missing:$missing)" [ -z "$missing" ]
checkx "read-only paths are narrated (/proc/sys)" 'lines mnt | grep -qF "read-only /proc/sys: "'

# Every value narrated for a cgroup file is what that file holds on the host now.
bad="" n=0 cgdir=""
while IFS= read -r l; do
	if [[ $l =~ ^\[cgroup\]\ +(/sys/fs/cgroup/[^ ]+)\ \( ]]; then
		cgdir=${BASH_REMATCH[1]}
	elif [[ $l =~ ^\[cgroup\]\ +([a-z_.]+)\ =\ ([^ ]+)\ \( ]]; then
		f=${BASH_REMATCH[1]} v=${BASH_REMATCH[2]}
		case $f in devices.*) continue ;; esac
		n=$((n + 1))
		[ "$(cat "$cgdir/$f" 2>/dev/null)" = "$v" ] || bad+=" $cgdir/$f=$v"
	fi
done <<<"$errout"
checkx "each narrated cgroup file holds the narrated value on the host ($n files;$bad)" '[ "$n" -ge 4 ] && [ -z "$bad" ]'
missing=""
for k in $(jq -r '.linux.resources | del(.devices) | paths(scalars) | map(tostring) | join(".")' "$cfg"); do
	lines cgroup | grep -qF "(linux.resources.$k)" || missing+=" $k"
done
check "each cgroup limit of the config has its [cgroup] line (missing:$missing)" [ -z "$missing" ]
check "memory.limit and pids.limit with their values" \
	grep -qE "= $(jq .linux.resources.memory.limit "$cfg") \(linux.resources.memory.limit\)" <<<"$errout"
check "pids.limit with its value" \
	grep -qE "= $(jq .linux.resources.pids.limit "$cfg") \(linux.resources.pids.limit\)" <<<"$errout"

missing=""
for r in $(jq -r '.process.rlimits[] | "\(.type):\(.soft):\(.hard)"' "$cfg"); do
	IFS=: read -r t s h <<<"$r"
	lines rlimit | grep -qF "$t, soft $s, hard $h)" || missing+=" $t"
done
check "each rlimit of the config has its [rlimit] line (missing:$missing)" [ -z "$missing" ]

bad=""
for set in bounding effective permitted inheritable ambient; do
	l=$(lines cap | grep -E "[ ,]$set[,:]")
	got=$(sed -nE 's/.*\{([^}]*)\}.*/\1/p' <<<"$l" | tr -d ' ' | tr ',' '\n' | sort | xargs)
	want=$(jq -r ".process.capabilities.$set // [] | .[]" "$cfg" | sed 's/^CAP_//' | sort | xargs)
	[ -n "$l" ] && [ "$got" = "$want" ] || bad+=" $set"
done
check "the [cap] lines name each set of the config ($bad)" [ -z "$bad" ]
check "the narrated empty bounding set is the init's (CapBnd 0)" grep -qE '^CapBnd:\s+0+$' /proc/$pid/status

names=$(jq '[.linux.seccomp.syscalls[].names | length] | add' "$cfg")
rules=$(jq '.linux.seccomp.syscalls | length' "$cfg")
check "the [seccomp] line counts the config's $names syscall names in $rules rules" \
	grep -qE "^\[seccomp\] +$names syscall names in $rules rules" <<<"$errout"
check "the [seccomp] line names the default action (ERRNO(EPERM)) and when it is loaded" \
	grep -qE '^\[seccomp\] .*default action ERRNO\(EPERM\);.*right before execve' <<<"$errout"
uid=$(jq .process.user.uid "$cfg") gid=$(jq .process.user.gid "$cfg")
check "the [exec] line names args[0], the uid, gid and no_new_privs" \
	grep -qE "^\[exec\] +execve /bin/sleep \(args\[0\] 'sleep'\) as uid $uid gid $gid, .*with no_new_privs" <<<"$errout"

o_clone=$(first_line '^\[ns\] +clone3') o_mnt=$(first_line '^\[mnt\] +[a-z]+ on /') o_pivot=$(first_line '^\[mnt\] +pivot_root')
o_cap=$(first_line '^\[cap\]') o_sc=$(first_line '^\[seccomp\]') o_exec=$(first_line '^\[exec\] +execve')
checkx "order: clone ($o_clone) < mounts ($o_mnt) < pivot_root ($o_pivot) < caps ($o_cap) < seccomp ($o_sc) < exec ($o_exec)" \
	'[ "$o_clone" -gt 0 ] && [ "$o_clone" -lt "$o_mnt" ] && [ "$o_mnt" -lt "$o_pivot" ] && [ "$o_pivot" -lt "$o_cap" ] && [ "$o_cap" -lt "$o_sc" ] && [ "$o_sc" -lt "$o_exec" ]'
check "every line of the narration has a topic tag" [ -z "$(grep -vE '^\[(ns|user|cgroup|mnt|dev|net|sysctl|rlimit|proc|hook|lsm|cap|seccomp|exec)\] ' <<<"$errout")" ]

runh --explain start "$id"
checkx "--explain start says the init goes on to execve" '[ "$status" = 0 ] && grep -qE "^\[exec\] +exec.fifo read by .start.: init $pid" <<<"$errout"'
check "the program runs with the narrated seccomp filter (Seccomp: 2)" wait_until 5 grep -qE '^Seccomp:\s+2$' /proc/$pid/status

# --- exec --------------------------------------------------------------------------------
runh --explain exec "$id" id
checkx "--explain exec runs the process (uid $uid)" '[ "$status" = 0 ] && out_has "^uid=$uid"'
check "[ns]: the process joins the container's namespaces through the init's pidfd" \
	grep -qE '^\[ns\] +clone3\(PIDFD\) -> pid [0-9]+; it joins the container.s namespaces [A-Z|]*NEWPID[A-Z|]* at once with setns' <<<"$errout"
check "[user]: it becomes root of the container's user namespace first" grep -qE '^\[user\] +setresgid\(0\), setresuid\(0\)' <<<"$errout"
o_cap=$(first_line '^\[cap\]') o_sc=$(first_line '^\[seccomp\]') o_exec=$(first_line '^\[exec\] +execve')
checkx "exec: caps ($o_cap) < seccomp ($o_sc) < execve /bin/id as uid $uid ($o_exec)" \
	'[ "$o_cap" -gt 0 ] && [ "$o_cap" -lt "$o_sc" ] && [ "$o_sc" -lt "$o_exec" ] && grep -qE "^\[exec\] +execve /bin/id .* as uid $uid gid $gid" <<<"$errout"'
runh exec "$id" id
checkx "exec without --explain: no narration" '[ "$status" = 0 ] && [ -z "$errout" ]'
runh delete --force "$id"
check "nothing left after the explained container" nothing_left "$id"

# --- run: off prints nothing; --debug and --log carry the same steps -----------------
id=xr$RANDOM
dir=$(hardened_bundle "$id" sh -c 'id -u')
runh run --bundle "$dir" "$id"
checkx "without --explain a quiet run prints nothing on stderr" '[ "$status" = 0 ] && [ "$out" = "$uid" ] && [ -z "$errout" ]'
runh --explain run --bundle "$dir" "$id"
checkx "--explain run: the program's output is unchanged, the narration on stderr" \
	'[ "$status" = 0 ] && [ "$out" = "$uid" ] && grep -qE "^\[exec\] +execve /bin/sh" <<<"$errout"'
explained=$(sed -E 's/[0-9]+/N/g' <<<"$errout" | sort -u)
runh --debug run --bundle "$dir" "$id"
debugged=$(sed -nE 's/^runh: debug: //p' <<<"$errout" | sed -E 's/[0-9]+/N/g' | sort -u)
check "--debug shows every step --explain shows (digits aside)" \
	[ -z "$(comm -23 <(echo "$explained") <(echo "$debugged"))" ]
log="$IT_WORK/explain.log.json"
rm -f "$log"
runh --explain --log "$log" --log-format json run --bundle "$dir" "$id"
checkx "--explain --log-format json: every log line is a JSON object" '[ "$status" = 0 ] && jq -e . "$log" >/dev/null'
in_log=$(jq -r 'select(.level == "info") | .msg' "$log")
check "the JSON log has each narrated line as an info message" [ "$in_log" = "$(grep '^\[' <<<"$errout")" ]
check "the JSON log has the clone line" grep -qE '^\[ns\] +clone3' <<<"$in_log"
rm -f "$log"
runh --debug --log "$log" --log-format json run --bundle "$dir" "$id"
check "--debug --log: nothing on stderr" [ "$status" = 0 -a -z "$errout" ]
in_log=$(jq -r 'select(.level == "debug") | .msg' "$log")
check "--debug --log-format json: the steps at debug level" grep -qE '^\[seccomp\] ' <<<"$in_log"
check "nothing left after the runs" nothing_left "$id"

# --- a failing step: the narration shows how far runh got ------------------------------
id=xf$RANDOM
dir=$(hardened_bundle "$id" true)
jq '.mounts += [{"destination":"/mnt/x","type":"tmpfs","source":"tmpfs","options":["size=bogus"]}]' \
	"$dir/config.json" >"$dir/c.json" && mv "$dir/c.json" "$dir/config.json"
runh --explain run --bundle "$dir" "$id"
checkx "a failing mount: its [mnt] line comes last of the mounts, then the error" \
	'[ "$status" != 0 ] && [ "$(grep -E "^\[mnt\]" <<<"$errout" | tail -n1 | grep -c "tmpfs on /mnt/x")" = 1 ] &&
	 grep -q "size" <<<"$(tail -n1 <<<"$errout")" && ! grep -qE "^\[mnt\] +pivot_root" <<<"$errout"'
check "nothing left after the failed run" nothing_left "$id"

# --- the default config: capabilities by name, device nodes made with mknod, a sysctl,
# hooks ------------------------------------------------------------------------------
id=xd$RANDOM
extra='.linux.sysctl = {"net.ipv4.ip_forward": "1"} | .hooks = {"prestart": [{"path": "/bin/true", "args": ["true", "x"]}], "poststart": [{"path": "/bin/true"}]}'
dir=$(bundle "$id" "$extra" sh -c 'grep CapBnd /proc/self/status; cat /proc/sys/net/ipv4/ip_forward')
runh --explain run --bundle "$dir" "$id"
check "--explain run of the default config succeeds" [ "$status" = 0 ]
bad=""
for set in bounding effective permitted inheritable ambient; do
	l=$(lines cap | grep -E "[ ,]$set[,:]")
	got=$(sed -nE 's/.*\{([^}]*)\}.*/\1/p' <<<"$l" | tr -d ' ' | tr ',' '\n' | sort | xargs)
	want=$(jq -r ".process.capabilities.$set // [] | .[]" "$dir/config.json" | sed 's/^CAP_//' | sort | xargs)
	[ -n "$l" ] && [ "$got" = "$want" ] || bad+=" $set"
done
check "the [cap] lines name each capability of each set of the config ($bad)" [ -z "$bad" ]
bnd=$(sed -nE 's/^CapBnd:\s+([0-9a-f]+)$/\1/p' <<<"$out")
nbits=0
for ((i = 0; i < 64; i++)); do (((0x$bnd >> i) & 1)) && nbits=$((nbits + 1)); done
check "the narrated count of the bounding set is the program's CapBnd ($nbits)" \
	grep -qE "^\[cap\] +bounding[,:].*\} \($nbits\);" <<<"$errout"
check "[dev]: the default devices made with mknod (no user namespace)" \
	grep -qE '^\[dev\] +mknod /dev/null c 1:3 mode 0666 \(a default device\)$' <<<"$errout"
checkx "[sysctl]: the key, its value and the file it went through (the container reads 1)" \
	'grep -qE "^\[sysctl\] +net.ipv4.ip_forward = 1 via the container.s /proc/sys/net/ipv4/ip_forward$" <<<"$errout" && [ "$(tail -n1 <<<"$out")" = 1 ]'
check "[hook]: the prestart hook with its path and args" grep -qE '^\[hook\] +prestart\[0\]: /bin/true \(2 args\)' <<<"$errout"
check "[hook]: the poststart hook, after start" \
	[ "$(first_line '^\[hook\] +poststart\[0\]')" -gt "$(first_line '^\[exec\] +exec.fifo read')" ]
check "nothing left after the default run" nothing_left "$id"
