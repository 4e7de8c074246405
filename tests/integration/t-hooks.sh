# OCI hooks: all six kinds, in order, with the state on stdin, args, env, timeout.

hlog="$IT_WORK/hooks.log"
hook="$IT_WORK/hook.sh"
cat >"$hook" <<'HOOK'
#!/bin/sh
# $1 = kind; logs kind, args, env, hostname and the state JSON from stdin.
state=$(cat)
echo "$1 args=$* var=$HOOKVAR host=$(hostname) state=$state" >>"$HOOK_LOG"
HOOK
chmod +x "$hook"
hk() { echo "{\"path\":\"$hook\",\"args\":[\"hook.sh\",\"$1\",\"x\"],\"env\":[\"HOOKVAR=v-$1\",\"HOOK_LOG=$hlog\"]}"; }

# startContainer runs in the container: its script lives in the rootfs.
hroot="$IT_WORK/hookroot"
cp -a "$ROOTFS" "$hroot"
printf '#!/bin/sh\necho "startContainer state=$(cat) host=$(hostname)"\n' >"$hroot/bin/start-hook"
chmod +x "$hroot/bin/start-hook"

rm -f "$hlog"
id=hk$RANDOM
dir=$(bundle "$id" ".hostname = \"in-container\" | .hooks = {\"prestart\":[$(hk prestart)],\"createRuntime\":[$(hk createRuntime)],\"createContainer\":[$(hk createContainer)],\"startContainer\":[{\"path\":\"/bin/start-hook\"}],\"poststart\":[$(hk poststart)],\"poststop\":[$(hk poststop)]}" sh -c 'echo program-runs')
rm "$dir/rootfs" && ln -s "$hroot" "$dir/rootfs"
runh run --bundle "$dir" "$id"
check "a container with all six hook kinds runs" [ "$status" = 0 ]
order=$(cut -d' ' -f1 "$hlog" | tr '\n' ' ')
check "runtime-side hooks ran in order: $order" [ "$order" = "prestart createRuntime createContainer poststart poststop " ]
checkx "startContainer ran in the container before the program" '[ "$(sed -n 1p <<<"$out" | cut -d" " -f1)" = startContainer ] && [ "$(sed -n 2p <<<"$out")" = program-runs ]'
line() { grep "^$1 " "$hlog"; }
st() { line "$1" | sed 's/.* state=//'; }
checkx "hooks get their args and env" 'line prestart | grep -q "args=prestart x var=v-prestart"'
checkx "prestart/createRuntime: state created, with the pid and id, on stdin" \
	'jq -e --arg id "$id" ".status == \"created\" and .id == \$id and .pid > 0" <<<"$(st prestart)" >/dev/null && jq -e ".status == \"created\"" <<<"$(st createRuntime)" >/dev/null'
checkx "prestart runs in the runtime namespace (host hostname), createContainer in the container's" \
	'line prestart | grep -q "host=$(hostname) " && line createContainer | grep -q "host=in-container "'
checkx "startContainer gets state created" 'grep -q "\"status\":\"created\"" <<<"$(sed -n 1p <<<"$out")"'
checkx "poststart: state running; poststop: state stopped" \
	'jq -e ".status == \"running\"" <<<"$(st poststart)" >/dev/null && jq -e ".status == \"stopped\"" <<<"$(st poststop)" >/dev/null'
check "... and nothing is left" nothing_left "$id"

# Failures: prestart/createRuntime/createContainer fail the create; poststart/poststop warn.
for kind in prestart createRuntime createContainer; do
	id=hf$RANDOM
	dir=$(bundle "$id" ".hooks = {\"$kind\":[{\"path\":\"/bin/false\"}]}" true)
	runh run --bundle "$dir" "$id"
	checkx "a failing $kind hook fails the create, naming it" '[ "$status" = 1 ] && grep -q "hooks.'"$kind"'\[0\]: ./bin/false. exited with status 1" <<<"$errout"'
	check "... and leaves nothing" nothing_left "$id"
done
id=ht$RANDOM
dir=$(bundle "$id" '.hooks = {"createRuntime":[{"path":"/bin/sleep","args":["sleep","30"],"timeout":1}]}' true)
s0=$SECONDS
runh run --bundle "$dir" "$id"
checkx "a hook past its timeout is killed and fails the create" '[ "$status" = 1 ] && grep -q "timed out after 1 s" <<<"$errout" && [ $((SECONDS - s0)) -lt 10 ]'
check "... and leaves nothing" nothing_left "$id"
id=hp$RANDOM
dir=$(bundle "$id" '.hooks = {"poststart":[{"path":"/bin/false"}],"poststop":[{"path":"/bin/false"}]}' sh -c 'echo ran')
runh run --bundle "$dir" "$id"
checkx "failing poststart/poststop hooks are warnings: the container ran" '[ "$status" = 0 ] && out_has "^ran$" && grep -q "warning: hooks.poststart\[0\]" <<<"$errout" && grep -q "warning: hooks.poststop\[0\]" <<<"$errout"'
check "... and nothing is left" nothing_left "$id"
id=hs$RANDOM
dir=$(bundle "$id" '.hooks = {"startContainer":[{"path":"/bin/false"}]}' sh -c 'echo should-not-run')
runh run --bundle "$dir" "$id"
checkx "a failing startContainer hook stops the program from running" '[ "$status" != 0 ] && out_lacks should-not-run'
check "... and nothing is left" nothing_left "$id"

# A process that exists and is not a zombie.
alive() { [ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
# Hooks below carry the test's tag in their environment: nothing_left sees them.
tagenv="\"RUNH_IT=$TAG\",\"PATH=/usr/bin:/bin\""

# A failing poststart/poststop hook is a warning and the hooks after it still run.
marks="$IT_WORK/post-marks"
rm -f "$marks"
pm() { echo "{\"path\":\"/bin/sh\",\"args\":[\"sh\",\"-c\",\"echo $1 >>$marks\"]}"; }
id=hq$RANDOM
dir=$(bundle "$id" ".hooks = {\"poststart\":[{\"path\":\"/bin/false\"},$(pm poststart-2)],\"poststop\":[{\"path\":\"/bin/false\"},$(pm poststop-2)]}" true)
runh run --bundle "$dir" "$id"
checkx "a failing poststart/poststop hook warns and the next one still runs" \
	'[ "$status" = 0 ] && [ "$(tr "\n" " " <"$marks" 2>/dev/null)" = "poststart-2 poststop-2 " ] && grep -q "warning: hooks.poststart\[0\]" <<<"$errout" && grep -q "warning: hooks.poststop\[0\]" <<<"$errout"'
check "... and nothing is left" nothing_left "$id"

# A hook without env gets runh's environment; every runtime-side hook (and
# createContainer, before pivot_root) runs in the bundle directory, not the caller's.
dump="$IT_WORK/dump"
rm -rf "$dump" "$IT_WORK/elsewhere"
mkdir -p "$dump" "$IT_WORK/elsewhere"
cat >"$IT_WORK/dump.sh" <<'HOOK'
#!/bin/sh
# $1 = kind, $2 = dir: the state from stdin, the environment and the cwd, one file each.
cat >"$2/$1.state"
env >"$2/$1.env"
pwd -P >"$2/$1.cwd"
HOOK
chmod +x "$IT_WORK/dump.sh"
dh() { echo "{\"path\":\"$IT_WORK/dump.sh\",\"args\":[\"dump.sh\",\"$1\",\"$dump\"]}"; }
id=he$RANDOM
probe=probe-$RANDOM
dir=$(bundle "$id" ".hooks = {\"prestart\":[$(dh prestart)],\"createRuntime\":[$(dh createRuntime)],\"createContainer\":[$(dh createContainer)],\"poststart\":[$(dh poststart)],\"poststop\":[$(dh poststop)]}" true)
cd "$IT_WORK/elsewhere" && RUNH_HOOK_PROBE=$probe runh run --bundle "$dir" "$id"
cd - >/dev/null
check "a container whose hooks have no env runs" [ "$status" = 0 ]
for kind in prestart createRuntime createContainer poststart poststop; do
	checkx "$kind hook without env gets runh's environment" 'grep -qx "RUNH_HOOK_PROBE=$probe" "$dump/$kind.env"'
	checkx "$kind hook runs in the bundle directory (the state's bundle), not the caller's" \
		'[ "$(cat "$dump/$kind.cwd")" = "$dir" ] && [ "$(jq -r .bundle "$dump/$kind.state")" = "$dir" ]'
done
check "... and nothing is left" nothing_left "$id"

# prestart/createRuntime read status "created": the runtime environment exists (runtime.md:
# created is "after step 2" of the lifecycle, the hooks are steps 3-5), and `runh state`
# says the same meanwhile (runc passes creating; crun and the OCI suite created).
cat >"$IT_WORK/state-hook.sh" <<'HOOK'
#!/bin/sh
# $1 = runh, $2 = --root, $3 = output prefix: stdin, and `runh state` while the hook runs.
cat >"$3.stdin"
"$1" --root "$2" state "$(jq -r .id "$3.stdin")" >"$3.state"
HOOK
chmod +x "$IT_WORK/state-hook.sh"
sh_() { echo "{\"path\":\"$IT_WORK/state-hook.sh\",\"args\":[\"state-hook.sh\",\"$RUNH\",\"$ROOT\",\"$IT_WORK/st-$1\"]}"; }
id=hc$RANDOM
dir=$(bundle "$id" ".hooks = {\"prestart\":[$(sh_ prestart)],\"createRuntime\":[$(sh_ createRuntime)]}" true)
runh run --bundle "$dir" "$id"
for kind in prestart createRuntime; do
	checkx "$kind reads status created on stdin, as runh state says at that moment" \
		'[ "$(jq -r .status "$IT_WORK/st-$kind.stdin")" = created ] && [ "$(jq -r .status "$IT_WORK/st-$kind.state")" = created ]'
done
check "... and nothing is left" nothing_left "$id"

# runh killed while a hook runs: the hook dies with it (and delete --force cleans up).
cat >"$IT_WORK/sleep-hook.sh" <<'HOOK'
#!/bin/sh
# $1 = file: the hook's pid, then sleep as that same process.
echo $$ >"$1"
exec sleep 300
HOOK
chmod +x "$IT_WORK/sleep-hook.sh"
for kind in prestart createRuntime poststart; do
	id=hk$RANDOM
	pidf="$IT_WORK/$id.hookpid"
	dir=$(bundle "$id" ".hooks = {\"$kind\":[{\"path\":\"$IT_WORK/sleep-hook.sh\",\"args\":[\"sleep-hook.sh\",\"$pidf\"],\"env\":[$tagenv]}]}" sleep 100)
	if [ "$kind" = poststart ]; then
		runh create --bundle "$dir" "$id"
		"$RUNH" --root "$ROOT" start "$id" >/dev/null 2>&1 </dev/null &
	else
		"$RUNH" --root "$ROOT" create --bundle "$dir" "$id" >/dev/null 2>&1 </dev/null &
	fi
	rp=$!
	wait_until 10 test -s "$pidf"
	hp=$(cat "$pidf" 2>/dev/null)
	checkx "$kind hook runs (pid $hp) while runh ($rp) waits for it" 'alive "$hp" && alive "$rp"'
	kill -9 "$rp"
	wait "$rp" 2>/dev/null
	checkx "... runh killed: the $kind hook is gone at once" 'wait_until 5 eval "! alive $hp"'
	runh delete --force "$id"
	check "... and delete --force leaves nothing" nothing_left "$id"
done

# poststop runs at most once: a delete killed while its poststop hook runs, then another
# delete: the hook is not started again.
cat >"$IT_WORK/once-hook.sh" <<'HOOK'
#!/bin/sh
# $1 = file: one line per run; the first run sleeps (runh is killed meanwhile).
echo run >>"$1"
[ "$(wc -l <"$1")" -gt 1 ] || exec sleep 300
HOOK
chmod +x "$IT_WORK/once-hook.sh"
id=ho$RANDOM
cnt="$IT_WORK/$id.count"
dir=$(bundle "$id" ".hooks = {\"poststop\":[{\"path\":\"$IT_WORK/once-hook.sh\",\"args\":[\"once-hook.sh\",\"$cnt\"],\"env\":[$tagenv]}]}" true)
runh create --bundle "$dir" "$id"
"$RUNH" --root "$ROOT" delete --force "$id" >/dev/null 2>&1 </dev/null &
rp=$!
wait_until 10 test -s "$cnt"
kill -9 "$rp"
wait "$rp" 2>/dev/null
runh delete --force "$id"
checkx "a poststop hook interrupted by a killed delete does not run again" \
	'[ "$status" = 0 ] && [ "$(wc -l <"$cnt")" = 1 ] && grep -q "already started" <<<"$errout"'
check "... and nothing is left" nothing_left "$id"

# A hook without timeout is bounded by runh's default (RUNH_HOOK_TIMEOUT overrides it);
# at the deadline the hook, though it ignores SIGTERM, and what it forked are killed.
cat >"$IT_WORK/stubborn-hook.sh" <<'HOOK'
#!/bin/sh
# $1 = file: the pid of a child; ignores SIGTERM and waits for that child.
trap '' TERM
sleep 300 &
echo $! >"$1"
wait
HOOK
chmod +x "$IT_WORK/stubborn-hook.sh"
id=hd$RANDOM
kid="$IT_WORK/$id.kid"
dir=$(bundle "$id" ".hooks = {\"createRuntime\":[{\"path\":\"$IT_WORK/stubborn-hook.sh\",\"args\":[\"stubborn-hook.sh\",\"$kid\"],\"env\":[$tagenv]}]}" true)
s0=$SECONDS
# (--foreground: timeout must not kill the hooks itself through its process group.)
RUNH_HOOK_TIMEOUT=2 timeout --foreground -s KILL 30 "$RUNH" --root "$ROOT" run --bundle "$dir" "$id" \
	>/dev/null 2>"$IT_WORK/$id.err" </dev/null
status=$? errout=$(cat "$IT_WORK/$id.err") out=
checkx "a hook without timeout ignoring SIGTERM is killed at runh's default bound" \
	'[ "$status" = 1 ] && grep -q "timed out after 2 s" <<<"$errout" && [ $((SECONDS - s0)) -lt 15 ]'
checkx "... and so is the child it forked" '[ -s "$kid" ] && wait_until 5 eval "! alive $(cat "$kid")"'
check "... and nothing is left" nothing_left "$id"

# runh killed between forking a hook and the hook's PR_SET_PDEATHSIG: the hook notices its
# parent is gone and does not run.  strace holds the hook child's first prctl for 0.5 s and
# kills `start` at its second pidfd_open (the one right after the fork).
if command -v strace >/dev/null; then
	cat >"$IT_WORK/late-hook.sh" <<'HOOK'
#!/bin/sh
# $1 = file: written a second after the hook starts.
sleep 1
echo ran >"$1"
HOOK
	chmod +x "$IT_WORK/late-hook.sh"
	id=hr$RANDOM
	ran="$IT_WORK/$id.ran"
	dir=$(bundle "$id" ".hooks = {\"poststart\":[{\"path\":\"$IT_WORK/late-hook.sh\",\"args\":[\"late-hook.sh\",\"$ran\"],\"env\":[$tagenv]}]}" sleep 100)
	runh create --bundle "$dir" "$id"
	strace -o /dev/null -f -e trace=prctl,pidfd_open -e inject=prctl:delay_enter=500000:when=1 \
		-e inject=pidfd_open:signal=KILL:when=2 "$RUNH" --root "$ROOT" start "$id" \
		>/dev/null 2>&1 </dev/null
	status=$?
	sleep 2
	checkx "runh killed before its hook set PR_SET_PDEATHSIG: the hook does not run" \
		'[ "$status" = 137 ] && [ ! -e "$ran" ]'
	runh delete --force "$id"
	check "... and nothing is left" nothing_left "$id"
else
	skip "no strace: the fork/prctl window is not tested"
fi

# startContainer runs as the process would: under its seccomp filter, as its user, and
# without an env of its own with the process's environment (runc, crun).
printf '#!/bin/sh\necho "sc-env=$PROC_VAR sc-uid=$(id -u)"\nmkdir /tmp/sc-dir 2>/dev/null && echo sc-mkdir-ok || echo sc-mkdir-denied\n' >"$hroot/bin/start-hook-2"
chmod +x "$hroot/bin/start-hook-2"
id=hs$RANDOM
dir=$(bundle "$id" '.process.env += ["PROC_VAR=from-process"] | .process.user = {"uid":1000,"gid":1000} | .mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["size=1m","mode=1777"]}] | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]} | .hooks = {"startContainer":[{"path":"/bin/start-hook-2"}]}' sh -c 'echo program-runs')
rm "$dir/rootfs" && ln -s "$hroot" "$dir/rootfs"
runh run --bundle "$dir" "$id"
checkx "startContainer without env gets the process's environment, runs as its user" '[ "$status" = 0 ] && out_has "^sc-env=from-process sc-uid=1000$"'
checkx "... and under the container's seccomp filter (mkdir refused)" 'out_has "^sc-mkdir-denied$" && out_has "^program-runs$"'
check "... nothing left" nothing_left "$id"
