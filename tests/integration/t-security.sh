# The threat model in one place: each known runtime breakout class, attacked, and the host
# shown untouched.  (README "Security" maps each class to the code that blocks it.)

# 1. CVE-2019-5736: /proc/<pid>/exe of the runtime while exec joins the container.
#    A root process in the container hunts for any process whose exe is not busybox and
#    tries to open it for writing, while the host runs exec again and again.
sum_before=$(sha256sum "$RUNH" | cut -d' ' -f1)
id=sec1$RANDOM
dir=$(bundle "$id" '.process.capabilities |= with_entries(.value += ["CAP_SYS_PTRACE","CAP_DAC_OVERRIDE"]) | .mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs"}]' \
	sh -c 'while :; do for e in /proc/[0-9]*/exe; do l=$(readlink $e 2>/dev/null); case "$l" in *busybox*|"") ;; *) echo "$l" >> /tmp/seen; (echo x >> $e) 2>/dev/null && echo WROTE >> /tmp/seen;; esac; done; done')
runh run -d --bundle "$dir" "$id"
for i in $(seq 1 30); do "$RUNH" --root "$ROOT" exec "$id" true >/dev/null 2>&1; done
runh exec "$id" sh -c 'cat /tmp/seen 2>/dev/null; true'
checkx "class 1 (CVE-2019-5736): the container never opened runh's binary for writing" 'out_lacks WROTE'
check "... and the runtime binary is unchanged" [ "$(sha256sum "$RUNH" | cut -d' ' -f1)" = "$sum_before" ]
runh delete --force "$id"

# 2. Host fds (CVE-2024-21626, CVE-2016-9962): cwd through /proc/self/fd, inherited fds,
#    a non-dumpable init.
run_in '.process.cwd = "/proc/self/fd/5"' 'pwd'
checkx "class 2 (CVE-2024-21626): process.cwd through /proc/self/fd is refused" '[ "$status" = 1 ] && grep -q "process.cwd" <<<"$errout"'
check "... and nothing is left" nothing_left "$last_id"
userns='.linux.namespaces += [{"type":"user"}] | .linux.uidMappings = [{"containerID":0,"hostID":400000,"size":65536}] | .linux.gidMappings = [{"containerID":0,"hostID":400000,"size":65536}]'
id=sec2$RANDOM
dir=$(bundle "$id" "$userns" true)
runh create --bundle "$dir" "$id"
pid=$(jq -r .pid "$ROOT/$id/state.json")
checkx "class 2 (CVE-2016-9962): the waiting init is non-dumpable (its /proc files stay root's although it runs as host uid 400000)" \
	'grep -qE "^Uid:\s+400000" /proc/$pid/status && [ "$(stat -c %u /proc/$pid/environ)" = 0 ]'
checkx "... and holds no fd of runh's but stdio, exec.fifo, the verified /proc and its cwd" \
	'[ -z "$(ls -l /proc/$pid/fd | grep -E " -> .*($ROOT|$IT_WORK/state)" | grep -v exec.fifo)" ] && [ "$(ls /proc/$pid/fd | wc -l)" -le 6 ]'
runh delete --force "$id"

# 3. Symlinks in mount destinations, and a swap between check and mount (CVE-2021-30465).
evil="$IT_WORK/race-root"
cp -a "$ROOTFS" "$evil"
mkdir -p "$evil/inside"
( for i in $(seq 1 400); do ln -sfn / "$evil/flip" 2>/dev/null; rm -f "$evil/flip" 2>/dev/null; mkdir -p "$evil/flip" 2>/dev/null; rmdir "$evil/flip" 2>/dev/null; done ) &
flipper=$!
for i in 1 2 3 4 5 6 7 8; do
	id=sec3$RANDOM
	dir=$(bundle "$id" '.mounts += [{"destination":"/flip/runh-race","type":"tmpfs","source":"tmpfs"}]' true)
	rm "$dir/rootfs" && ln -s "$evil" "$dir/rootfs"
	"$RUNH" --root "$ROOT" run --bundle "$dir" "$id" >/dev/null 2>&1
	"$RUNH" --root "$ROOT" delete --force "$id" >/dev/null 2>&1
done
wait $flipper
check "class 3 (CVE-2021-30465): a destination swapped to a symlink to / never mounts on the host" [ ! -e /runh-race ]
check "... and no mount is left on the host" sh -c "! grep -q runh-race /proc/self/mountinfo"

# 4. procfs tricks (CVE-2019-16884, CVE-2019-19921, CVE-2023-28642): /proc a symlink in the
#    rootfs, something mounted over /proc/sys before the sysctl write.
evil4="$IT_WORK/proc-link-root"
cp -a "$ROOTFS" "$evil4"
rmdir "$evil4/proc" && ln -s /etc "$evil4/proc"
id=sec4$RANDOM
dir=$(bundle "$id" '.' sh -c 'ls /etc | head -1')
rm "$dir/rootfs" && ln -s "$evil4" "$dir/rootfs"
runh run --bundle "$dir" "$id"
check "class 4 (CVE-2019-16884): a rootfs whose /proc is a symlink to /etc: proc lands inside the rootfs, the host's /etc untouched" \
	[ ! -e /etc/self ] && [ -e "$evil4/etc/self" ]
check "... and nothing is left mounted" nothing_left "$id"
run_in '.mounts += [{"destination":"/proc/sys","type":"tmpfs","source":"tmpfs"}] | .linux.sysctl = {"net.ipv4.ip_forward":"1"}' true
checkx "class 4 (CVE-2019-19921): a sysctl write through a mount over /proc/sys is refused, not redirected" '[ "$status" = 1 ] && grep -q "sysctl" <<<"$errout"'
check "... nothing left" nothing_left "$last_id"

# 5. maskedPaths and /dev/console (CVE-2025-31133, CVE-2025-52565): the mask is the real
#    /dev/null of the host; a rootfs /dev/console symlink is not followed.
evil5="$IT_WORK/console-root"
cp -a "$ROOTFS" "$evil5"
echo keep-me >"$IT_WORK/console-target"
ln -sf "$IT_WORK/console-target" "$evil5/dev/console"
id=sec5$RANDOM
dir=$(bundle "$id" '.mounts |= map(select(.destination != "/dev" and (.destination | startswith("/dev/") | not))) | .process.terminal = true' true)
rm "$dir/rootfs" && ln -s "$evil5" "$dir/rootfs"
if command -v script >/dev/null; then
	timeout 20 script -qec "\"$RUNH\" --root \"$ROOT\" run --bundle \"$dir\" $id" /dev/null </dev/null >/dev/null 2>&1
	check "class 5 (CVE-2025-52565): a /dev/console symlink in the rootfs is replaced, its target untouched" \
		[ "$(cat "$IT_WORK/console-target")" = keep-me ]
	"$RUNH" --root "$ROOT" delete --force "$id" >/dev/null 2>&1
fi
run_in '.' 'stat -c "%t:%T %F" /proc/keys'
check "class 5 (CVE-2025-31133): a masked file is the null device (1:3)" out_has '^1:3 character special file$'

# 6. Capabilities beyond the config (CVE-2022-29162, CVE-2022-27650).
run_in '.process.user = {"uid":1000,"gid":1000}' 'grep -E "^Cap(Inh|Prm|Eff|Amb)" /proc/self/status'
checkx "class 6 (CVE-2022-29162): inheritable and ambient are empty unless the config asks" 'out_has "^CapInh:\s+0+$" && out_has "^CapAmb:\s+0+$"'
id=sec6$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh run -d --bundle "$dir" "$id"
runh exec --cap CAP_NET_RAW "$id" grep -E "^Cap(Eff|Inh|Amb)" /proc/self/status
checkx "class 6 (CVE-2022-27650): exec --cap adds only that capability, none inheritable" 'out_has "^CapEff:\s+0000000020002420$" && out_has "^CapInh:\s+0+$"'
runh delete --force "$id"

# 7. Traversal through ids and --root; state files private; no symlinks followed.
runh run --bundle "$dir" "../../etc"
checkx "class 7: an id with ../ is refused" '[ "$status" = 1 ] && grep -q "invalid container id" <<<"$errout"'
id=sec7$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh create --bundle "$dir" "$id"
check "class 7: the state dir is 0700 and state.json 0600" [ "$(stat -c %a "$ROOT/$id") $(stat -c %a "$ROOT/$id/state.json")" = "700 600" ]
cp "$dir/config.json" "$IT_WORK/parsed.json"
jq '.process.env = ["PATH=/bin","SWAPPED=1"]' "$IT_WORK/parsed.json" >"$dir/config.json"
check "class 7: editing the bundle after create does not change the container (state dir keeps its own copy)" cmp -s "$ROOT/$id/config.json" "$IT_WORK/parsed.json"
runh exec "$id" env
checkx "... and exec takes its defaults from it" '[ "$status" = 0 ] && out_lacks SWAPPED'
mkdir -p "$IT_WORK/elsewhere/victim"
ln -s "$IT_WORK/elsewhere/victim" "$ROOT/linked"
runh delete --force linked
check "class 7: a symlink planted as a state dir is not followed (its target survives)" [ -d "$IT_WORK/elsewhere/victim" ]
rm -f "$ROOT/linked"
# A symlinked --root is resolved as runc does (t-lifecycle.sh); what is refused is a root
# where someone else could plant a state dir (a forged state.json names pids to kill).
mkdir -m 0777 "$IT_WORK/open-root"
ln -s "$IT_WORK/open-root" "$IT_WORK/root-link"
"$RUNH" --root "$IT_WORK/root-link" list >/dev/null 2>&1
check "class 7: a --root that others can write is refused (list)" [ $? = 1 ]
"$RUNH" --root "$IT_WORK/open-root" state "$id" >/dev/null 2>&1
check "class 7: ... and for state" [ $? = 1 ]
mkdir -m 0700 "$IT_WORK/their-root" && chown 1000 "$IT_WORK/their-root"
out=$("$RUNH" --root "$IT_WORK/their-root" list 2>&1)
status=$?
checkx "class 7: ... and one owned by another user" '[ "$status" = 1 ] && grep -q "owned by uid 1000" <<<"$out"'
runh delete --force "$id"
run_in '.mounts += [{"destination":"/../../../../tmp/runh-dotdot","type":"tmpfs","source":"tmpfs"}]' true
checkx "class 3: a destination with .. stays inside the rootfs" '[ ! -e /tmp/runh-dotdot ] && [ "$status" = 0 ]'

# 8. Denial of service through the runtime.
python3 - "$IT_WORK/big.json" <<'PY' 2>/dev/null || perl -e 'open(F,">",$ARGV[0]); print F "{\"ociVersion\":\"1.0.0\",\"mounts\":["; for (1..500000) { print F "{\"destination\":\"/m\",\"type\":\"tmpfs\"},"; } print F "{}]}"; close F' "$IT_WORK/big.json"
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"ociVersion":"1.0.0","mounts":[' + '{"destination":"/m","type":"tmpfs"},' * 500000 + '{}]}')
PY
s0=$SECONDS
runh audit --config "$IT_WORK/big.json"
checkx "class 8: a config with 500000 mounts (over 16 MiB) is refused quickly" '[ "$status" = 2 ] && grep -q "larger than 16777216 bytes" <<<"$errout" && [ $((SECONDS - s0)) -lt 5 ]'
id=big$RANDOM
dir=$(bundle "$id" '.' true)
truncate -s 10G "$dir/config.json"
s0=$SECONDS
runh run --bundle "$dir" "$id"
checkx "class 8: a 10 GB config.json is refused after 16 MiB, quickly" '[ "$status" = 1 ] && grep -q "larger than 16777216 bytes" <<<"$errout" && [ $((SECONDS - s0)) -lt 5 ]'
check "... nothing left" nothing_left "$id"
id=sec8$RANDOM
dir=$(bundle "$id" '.linux.resources = {"pids":{"limit":30}}' sh -c 'bomb() { bomb | bomb & }; bomb 2>/dev/null; sleep 1; echo survived')
s0=$SECONDS
timeout 60 "$RUNH" --root "$ROOT" run --bundle "$dir" "$id" >/dev/null 2>&1
check "class 8: a fork bomb inside is held by the pids limit and the run ends" [ $((SECONDS - s0)) -lt 60 ]
runh delete --force "$id"
check "... and delete clears it" wait_until 10 nothing_left "$id"
id=sec9$RANDOM
dir=$(bundle "$id" '.' sh -c 'head -c 10000000 /dev/zero')
"$RUNH" --root "$ROOT" run -d --bundle "$dir" "$id" >/dev/null 2>&1 &
rpid=$!
s0=$SECONDS
wait $rpid
check "class 8: a container writing to a stdout nobody reads does not block runh (run -d returns)" [ $((SECONDS - s0)) -lt 10 ]
runh delete --force "$id"
