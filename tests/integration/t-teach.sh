# Errors and deaths that teach: a container killed by the OOM killer or by seccomp says
# so (run, and the exit record of events), an init that dies before READY says how, and
# config mistakes get warnings with a "did you mean" (unknown property, capability,
# seccomp syscall name), a JSON syntax error its line and column, run of a stopped id
# the command that frees it.

# --- deaths -------------------------------------------------------------------------
id=oom$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory": {"limit": 16777216}}' tail /dev/zero)
runh run --bundle "$dir" "$id"
checkx "OOM: exit 137 and run says the OOM killer did it, with the cgroup and its limit" \
	'[ "$status" = 137 ] && grep -qF "container '\''$id'\'' killed by SIGKILL: out of memory in cgroup $CGPARENT/$id (limit 16777216 bytes)" <<<"$errout"'
check "... nothing left" nothing_left "$id"

# The init is a shell whose child is OOM-killed: it exits 137 itself, the report says
# that the OOM killer was at work in the cgroup.
id=oomc$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory": {"limit": 16777216}}' sh -c 'tail /dev/zero; exit 3')
runh run --bundle "$dir" "$id"
checkx "OOM of a child: the init's own status, and the OOM kill in the cgroup" \
	'[ "$status" = 3 ] && grep -qF "container '\''$id'\'' exited with status 3; the OOM killer killed 1 process in cgroup $CGPARENT/$id (limit 16777216 bytes)" <<<"$errout"'
check "... nothing left" nothing_left "$id"

id=sys$RANDOM
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_PROCESS"}]}' mkdir /tmp/x)
runh run --bundle "$dir" "$id"
checkx "seccomp kill: exit 159 (128+SIGSYS) and run says seccomp did it" \
	'[ "$status" = 159 ] && grep -qF "container '\''$id'\'' killed by SIGSYS: seccomp" <<<"$errout"'
# The syscall is named from the kernel's audit record when the kernel log has it (no
# audit daemon taking the records, kmsg readable); else run says it is not known.
checkx "... naming the syscall (mkdir) or saying why it cannot" \
	'grep -qE "seccomp \(syscall mkdir(at)?, number [0-9]+, from the kernel.s audit log\)|which syscall is not known" <<<"$errout"'
if dmesg 2>/dev/null | grep -q "type=1326.*comm=\"mkdir\""; then
	check "... this host logs seccomp kills: the syscall is named" grep -qE "syscall mkdir(at)?," <<<"$errout"
fi
check "... nothing left" nothing_left "$id"

# A memory limit too small for the init to even start: the init is OOM-killed during its
# setup, before READY (runc refuses to set such a limit below the usage; runh sets limits
# before the init joins the cgroup, so the kill is the answer and is reported as such).
id=early$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory": {"limit": 4096}}' true)
runh run --bundle "$dir" "$id"
checkx "an init killed before READY: how it died, not only that it exited" \
	'[ "$status" = 1 ] && grep -qF "container init: it exited before READY: killed by SIGKILL: out of memory in cgroup $CGPARENT/$id (limit 4096 bytes)" <<<"$errout"'
check "... nothing left" nothing_left "$id"

# events: the exit record carries the exit status and why.
id=evx$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory": {"limit": 16777216}}' sh -c 'sleep 1; exec tail /dev/zero')
"$RUNH" --root "$ROOT" run --keep --bundle "$dir" "$id" >/dev/null 2>&1 </dev/null &
rpid=$!
wait_until 5 test -e "$ROOT/$id/state.json"
out=$(timeout 15 "$RUNH" --root "$ROOT" events --interval 10s "$id" | tail -n 1)
wait $rpid
checkx "events of a foreground run: the exit record has status 137 and the OOM reason" \
	'jqt --arg id "$id" ".type == \"exit\" and .id == \$id and .data.status == 137 and (.data.reason | test(\"^killed by SIGKILL: out of memory in cgroup\"))"'
runh delete "$id"
check "... nothing left" nothing_left "$id"

id=evd$RANDOM
dir=$(bundle "$id" '.' sh -c 'sleep 1; exit 3')
runh run -d --bundle "$dir" "$id"
out=$(timeout 15 "$RUNH" --root "$ROOT" events --interval 10s "$id" | tail -n 1)
checkx "events of a detached container: the exit record has its status (3)" \
	'jqt ".type == \"exit\" and .data.status == 3 and .data.reason == \"exited with status 3\""'
runh delete "$id"
check "... nothing left" nothing_left "$id"

# --- config mistakes ----------------------------------------------------------------
# runc reads property names regardless of case: "readOnly" makes the root read-only under
# runc, and so it does under runh, with a warning that names the right spelling.
id=key$RANDOM
dir=$(bundle "$id" '.root.readOnly = true | del(.root.readonly) | .process.termnal = false' sh -c 'touch /x 2>/dev/null && echo writable || echo read-only')
runh run --bundle "$dir" "$id"
checkx "root.readOnly: a warning with the suggestion, and the root is read-only as under runc" \
	'[ "$status" = 0 ] && out_has "^read-only$" && grep -qF "config.json: root.readOnly: unknown property (did you mean '\''readonly'\''?)" <<<"$errout"'
check "process.termnal: unknown, ignored, did you mean 'terminal'" grep -qF "config.json: process.termnal: unknown property (did you mean 'terminal'?); ignored" <<<"$errout"
check "... nothing left" nothing_left "$id"

id=oci$RANDOM
dir=$(bundle "$id" '.windows = {"layerFolders": []} | .vm = {"kernel": {"path": "/k"}}' true)
runh run --bundle "$dir" "$id"
checkx "runtime-spec properties runh does not implement (windows, vm) warn about nothing" \
	'[ "$status" = 0 ] && ! grep -q "unknown property" <<<"$errout"'
check "... nothing left" nothing_left "$id"

id=json$RANDOM
dir=$(bundle "$id" '.' true)
sed -i '0,/"ociVersion"/s/"ociVersion"/ociVersion/' "$dir/config.json"
line=$(grep -n '^\s*ociVersion' "$dir/config.json" | cut -d: -f1)
runh run --bundle "$dir" "$id"
checkx "a JSON syntax error names config.json:LINE:COL" \
	'[ "$status" = 1 ] && grep -qE "^runh: config.json:$line:[0-9]+: invalid JSON" <<<"$errout"'
check "... nothing left" nothing_left "$id"

id=cap$RANDOM
dir=$(bundle "$id" '.process.capabilities.bounding += ["NET_ADMIN", "CAP_NET_ADIMN"]' true)
runh run --bundle "$dir" "$id"
checkx "a capability without CAP_: an error, did you mean CAP_NET_ADMIN" \
	'[ "$status" = 1 ] && grep -qF "'\''NET_ADMIN'\'' is not a capability (did you mean '\''CAP_NET_ADMIN'\''?)" <<<"$errout"'
id=cap$RANDOM
dir=$(bundle "$id" '.process.capabilities.bounding += ["CAP_NET_ADIMN"]' true)
runh run --bundle "$dir" "$id"
check "a misspelt capability: did you mean CAP_NET_ADMIN" grep -qF "process.capabilities.bounding[3]: 'CAP_NET_ADIMN' is not a capability (did you mean 'CAP_NET_ADMIN'?)" <<<"$errout"
check "... nothing left" nothing_left "$id"

id=scn$RANDOM
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdri"], "action": "SCMP_ACT_ERRNO"}]}' sh -c 'mkdir /dev/shm/d && echo made')
runh run --bundle "$dir" "$id"
checkx "an unknown syscall name in a deny rule: a warning (not a debug line) that it is not blocked" \
	'[ "$status" = 0 ] && out_has "^made$" && grep -qF "warning: linux.seccomp.syscalls[0]: unknown syscall '\''mkdri'\'' (did you mean '\''mkdir'\''?): skipped, so it is NOT blocked" <<<"$errout"'
check "... nothing left" nothing_left "$id"
runh audit --format json --bundle "$dir"
check "... and audit flags the profile" jqt 'any(.findings[]; .rule == "seccomp-unknown-name")'

id=stop$RANDOM
dir=$(bundle "$id" '.' true)
runh run --keep --bundle "$dir" "$id"
runh run --bundle "$dir" "$id"
checkx "run of an existing stopped id says to delete it" \
	'[ "$status" = 1 ] && grep -qF "container with id exists: $id (it has stopped: '\''runh delete $id'\'' removes it" <<<"$errout"'
runh delete "$id"
check "... nothing left" nothing_left "$id"

# --- the examples ---------------------------------------------------------------------
ex_hardened="$IT_DIR/../../examples/hardened"
runh audit --any-host --fail-on medium --bundle "$ex_hardened"
checkx "examples/hardened passes runh's own audit (nothing above low, for any host)" \
	'[ "$status" = 0 ] && out_has "0 high, 0 medium"'
id=exh$RANDOM
dir="$IT_WORK/$id"
mkdir -p "$dir" && ln -s "$ROOTFS" "$dir/rootfs"
jq --arg cg "$CGPARENT/$id" --arg tag "RUNH_IT=$TAG" '.linux.cgroupsPath = $cg | .process.env += [$tag]' \
	"$ex_hardened/config.json" >"$dir/config.json"
runh run --audit=enforce:medium --bundle "$dir" "$id"
checkx "... and runs under --audit=enforce:medium, read-only, no capabilities, seccomp on" \
	'[ "$status" = 0 ] && out_has "^I am uid=65534" && out_has "^CapEff:\s+0+$" && out_has "read-only" && out_has "^NoNewPrivs:\s+1$"'
check "... nothing left" nothing_left "$id"

# --- help like every other command ----------------------------------------------------
runh help
checkx "runh help: the usage on stdout, exit 0" '[ "$status" = 0 ] && out_has "^Usage: runh " && [ -z "$errout" ]'
runh help start
help_start=$out
runh start --help
checkx "runh help start = runh start --help" '[ "$status" = 0 ] && [ "$out" = "$help_start" ] && [ -n "$out" ]'
runh help nosuch
checkx "runh help of an unknown command: exit 1 with a hint" '[ "$status" = 1 ] && grep -q "unknown command .nosuch." <<<"$errout"'
runh features --help
checkx "runh features --help: usage, exit 0" '[ "$status" = 0 ] && out_has "^Usage: runh features"'
runh features --bogus
checkx "runh features --bogus: exit 1, the usual hint" '[ "$status" = 1 ] && grep -qF "(see '\''runh features --help'\'')" <<<"$errout" && [ -z "$out" ]'
