# runh inspect: a hardened container where every row matches (and the values are the
# ones the host sees in /proc), a container sharing the host's network and pid
# namespaces, a memory limit changed behind runh's back (MISMATCH, exit 1), a created
# container, errors (exit 2), the JSON schema.

# hardened_bundle NAME ARGS...: `runh spec --hardened` with the shared rootfs.
hardened_bundle() {
	local name=$1 dir="$IT_WORK/$1"
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	ln -s "$ROOTFS" "$dir/rootfs"
	(cd "$dir" && "$RUNH" spec --hardened) || return 1
	jq --argjson a "$(jq -cn '$ARGS.positional' --args -- "$@")" --arg tag "RUNH_IT=$TAG" \
		--arg cg "$CGPARENT/$name" \
		'.process.args = $a | .process.env += [$tag] | .linux.cgroupsPath = $cg' \
		"$dir/config.json" >"$dir/c.json" && mv "$dir/c.json" "$dir/config.json"
	echo "$dir"
}

# row TOPIC ITEM FIELD: one field of one row of the JSON in $out.
row() { jq -r --arg t "$1" --arg i "$2" ".rows[] | select(.topic == \$t and .item == \$i) | .$3" <<<"$out"; }

init_pid() { "$RUNH" --root "$ROOT" state "$1" | jq -r .pid; }

# --- a hardened container: every row matches ---------------------------------------
dir=$(hardened_bundle hard sleep 100)
runh run -d --bundle "$dir" hard
check "hardened container runs" [ "$status" = 0 ]
pid=$(init_pid hard)

runh inspect hard
checkx "hardened: inspect exits 0, no MISMATCH" '[ "$status" = 0 ] && out_has "^[0-9]+ rows: [0-9]+ ok, 0 MISMATCH, [0-9]+ info$"'
checkx "hardened: the table groups rows by topic (caps effective: none asked, none had)" \
	'out_has "^caps +effective +ok +none +none$" && out_has "^seccomp +mode +ok +2 \(filter\) +2 \(filter\)$"'

runh inspect --format json hard
check "hardened: JSON parses, schema runh-inspect/1, match true" jqt '.schema == "runh-inspect/1" and .match == true and .summary.mismatch == 0 and .id == "hard" and .status == "running"'
check "hardened: every row has topic/item/asked/has/verdict strings" jqt 'all(.rows[]; (.topic, .item, .asked, .has, .verdict) | type == "string")'
check "hardened: no row is a mismatch" jqt '[.rows[] | select(.verdict == "mismatch")] | length == 0'
check "hardened: JSON pid is the init's" [ "$(jq .pid <<<"$out")" = "$pid" ]
for set in bounding effective permitted inheritable ambient; do
	check "hardened: caps $set is empty" [ "$(row caps $set has)" = none ]
done
check "hardened: the host's /proc says CapEff 0 too" grep -qx $'CapEff:\t0000000000000000' "/proc/$pid/status"
check "hardened: seccomp mode 2, one filter" [ "$(row seccomp mode has)/$(row seccomp filters has)" = "2 (filter)/1" ]
check "hardened: no_new_privs 1" [ "$(row process no_new_privs has)" = 1 ]
checkx "hardened: / is read-only" '[ "$(row mounts / verdict)" = ok ] && [[ "$(row mounts / has)" == *" ro,"* ]]'
checkx "hardened: /tmp is a nosuid,nodev,noexec tmpfs" '[[ "$(row mounts /tmp has)" == "tmpfs "*nosuid*nodev*noexec* ]] && [ "$(row mounts /tmp verdict)" = ok ]'
for ns in pid network ipc uts mount user cgroup; do
	checkx "hardened: namespace $ns is its own" '[ "$(row ns '$ns' verdict)" = ok ] && [[ "$(row ns '$ns' has)" == own* ]]'
done
netlink=$(readlink "/proc/$pid/ns/net")
check "hardened: the network row names the inode the host reads ($netlink)" [ "$(row ns network has)" = "own ($netlink)" ]
check "hardened: uid 65534 is host uid 165534 (uid_map 0 100000 65536)" \
	[ "$(row user uid_map has)|$(row user uid has)" = "0 100000 65536|host 165534" ]
check "hardened: cgroup path is cgroupsPath in every hierarchy" [ "$(row cgroup path has)" = "$CGPARENT/hard" ]
check "hardened: memory limit 256 MiB as asked" [ "$(row cgroup "memory limit" has)" = "268435456 (256 MiB)" ]
check "hardened: pids limit 256" [ "$(row cgroup "pids limit" has)" = 256 ]
check "hardened: every masked path is masked (or absent)" jqt 'all(.rows[] | select(.topic == "masked"); .verdict == "ok")'
check "hardened: /proc/keys is under /dev/null" [ "$(row masked /proc/keys has)" = "/dev/null (char 1:3) bound over it" ]

# --- the same, its memory limit changed on the host behind runh's back ----------------
if [ -d "/sys/fs/cgroup/memory$CGPARENT/hard" ]; then
	memfile="/sys/fs/cgroup/memory$CGPARENT/hard/memory.limit_in_bytes"
else
	memfile="/sys/fs/cgroup$CGPARENT/hard/memory.max"
fi
echo 134217728 >"$memfile"
runh inspect hard
checkx "tampered: exit 1, the memory limit row is a MISMATCH" '[ "$status" = 1 ] && out_has "^cgroup +memory limit +MISMATCH +268435456 \(256 MiB\) +134217728 \(128 MiB\)$" && out_has " 1 MISMATCH,"'
runh inspect --format json hard
check "tampered: JSON match false, exactly one mismatch, the memory limit" jqt '.match == false and .summary.mismatch == 1 and ([.rows[] | select(.verdict == "mismatch") | .item] == ["memory limit"])'
# runh update changes the cgroup, not the config stored at create: inspect says so.
runh update --pids-limit 100 hard
runh inspect --format json hard
checkx "updated: the pids limit is a mismatch against the config of create" \
	'[ "$status" = 1 ] && [ "$(row cgroup "pids limit" asked)/$(row cgroup "pids limit" has)/$(row cgroup "pids limit" verdict)" = "256/100/mismatch" ]'
runh delete --force hard
check "hardened: deleted, nothing left" nothing_left hard

# --- a capability the config lists but runh's bounding set lacks: the process has not
# got it (runh warned and went on), and inspect says so ------------------------------
missing=""
bnd=$((16#$(awk '/^CapBnd/ {print $2}' /proc/self/status)))
for c in 24:CAP_SYS_RESOURCE 38:CAP_PERFMON 39:CAP_BPF; do
	[ $(((bnd >> ${c%%:*}) & 1)) = 0 ] && { missing=${c#*:}; break; }
done
if [ -n "$missing" ]; then
	dir=$(bundle lacking ".process.capabilities.effective += [\"$missing\"] | .process.capabilities.permitted += [\"$missing\"] | .process.capabilities.bounding += [\"$missing\"]" sleep 100)
	runh run -d --bundle "$dir" lacking
	runh inspect --format json lacking
	lname=$(tr 'A-Z' 'a-z' <<<"${missing#CAP_}")
	checkx "lacking $missing: exit 1, the effective set is a mismatch (asked has $lname, has does not)" \
		'[ "$status" = 1 ] && [ "$(row caps effective verdict)" = mismatch ] && [[ "$(row caps effective asked)" == *"$lname"* ]] && [[ "$(row caps effective has)" != *"$lname"* ]]'
	runh delete --force lacking
	check "lacking: deleted, nothing left" nothing_left lacking
else
	skip "runh's bounding set has every capability: no capability it cannot give"
fi

# --- the host's network and pid namespaces ------------------------------------------
dir=$(bundle shared '.linux.namespaces |= map(select(.type != "network" and .type != "pid"))' sleep 100)
runh run -d --bundle "$dir" shared
check "shared: runs" [ "$status" = 0 ]
runh inspect --format json shared
check "shared: exit 0 (the config asked for the host's namespaces)" [ "$status" = 0 ]
for ns in network pid; do
	checkx "shared: the $ns namespace is flagged as the host's" \
		'[ "$(row ns '$ns' asked)" = host ] && [[ "$(row ns '$ns' has)" == "host (shared: "* ]] && [ "$(row ns '$ns' verdict)" = ok ]'
done
check "shared: the network inode is runh's own" [ "$(row ns network has)" = "host (shared: $(readlink /proc/self/ns/net))" ]
checkx "shared: ipc still its own" '[[ "$(row ns ipc has)" == own* ]]'
check "shared: root's capabilities listed by name" [ "$(row caps effective has)" = "kill net_bind_service audit_write" ]
runh inspect shared
check "shared: the table shows the shared network" out_has "^ns +network +ok +host +host \(shared: net:\["
check "shared: ... and names every shared namespace in one line" out_has "^shared with the host: pid, network, user, time namespace\(s\)$"
runh delete --force shared
check "shared: deleted, nothing left" nothing_left shared

# --- a pure cgroup v2 view of a hybrid host (as t-cgroup2.sh): the path read from the
# 0:: line only, no limit rows for controllers the v2 tree lacks -----------------------
if grep -q " cgroup2 " /proc/mounts && [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
	cat >"$IT_WORK/runh-v2" <<WRAP
#!/bin/bash
exec unshare -m --propagation private sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "\$0" "\$@"' "$RUNH" "\$@"
WRAP
	chmod +x "$IT_WORK/runh-v2"
	real=$RUNH
	RUNH="$IT_WORK/runh-v2"
	dir=$(bundle v2view '.' sleep 100)
	runh run -d --bundle "$dir" v2view
	runh inspect --format json v2view
	checkx "v2 view: exit 0, the cgroup path matches in the v2 hierarchy" \
		'[ "$status" = 0 ] && [ "$(row cgroup path verdict)" = ok ] && grep -qx "0::$CGPARENT/v2view" /proc/$(init_pid v2view)/cgroup'
	check "v2 view: no memory limit row (no memory controller in this v2 tree)" jqt '[.rows[] | select(.item == "memory limit")] | length == 0'
	runh delete --force v2view
	RUNH=$real
	check "v2 view: deleted, nothing left" nothing_left v2view
else
	skip "no hybrid host: the pure v2 view needs one (a pure v2 host runs the cases above on v2)"
fi

# --- a created container: seccomp comes at start ------------------------------------
dir=$(hardened_bundle created sleep 100)
runh create --bundle "$dir" created
runh inspect --format json created
checkx "created: exit 0, seccomp rows info (loaded at start), caps already dropped" \
	'[ "$status" = 0 ] && [ "$(row seccomp mode verdict)" = info ] && [ "$(row caps effective has)" = none ] && jqt ".status == \"created\""'
runh delete --force created
check "created: deleted, nothing left" nothing_left created

# --- errors -------------------------------------------------------------------------
runh inspect nosuch
checkx "unknown id: exit 2, says so" '[ "$status" = 2 ] && grep -q "does not exist" <<<"$errout"'
dir=$(bundle stopped '.' true)
runh create --bundle "$dir" stopped && runh start stopped
wait_until 5 bash -c "! kill -0 $(init_pid stopped) 2>/dev/null"
runh inspect stopped
checkx "stopped: exit 2, nothing to inspect" '[ "$status" = 2 ] && grep -q "stopped: nothing to inspect" <<<"$errout"'
runh delete stopped
runh inspect --format yaml stopped
check "--format yaml: exit 2" [ "$status" = 2 ]
runh inspect
check "no id: exit 2" [ "$status" = 2 ]
check "errors: nothing left" nothing_left stopped
