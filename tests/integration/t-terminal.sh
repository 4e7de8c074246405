# process.terminal: the pty inside the container, --console-socket, and a foreground run
# in a terminal (driven through script(1)).

term='.process.terminal = true | .process.consoleSize = {"height": 30, "width": 100}'
if command -v script >/dev/null; then
	id=tt$RANDOM
	dir=$(bundle "$id" "$term" sh)
	out=$(printf 'tty; ls -ln /dev/console; echo hello-$((40+2)); exit 3\n' |
		timeout 20 script -qec "\"$RUNH\" --root \"$ROOT\" run --bundle \"$dir\" $id" /dev/null)
	status=$?
	checkx "a foreground run in a terminal is interactive, on a pty inside the container" 'out_has "^/dev/pts/0" && out_has "^hello-42"'
	check "... its exit status comes back through the terminal (3)" [ "$status" = 3 ]
	checkx "... and /dev/console is the pty, owned by the process's uid and the tty group (5)" 'out_has "^crw--w---- +1 0 +5 +136, +0 .*/dev/console"'
	check "... nothing left" nothing_left "$id"
	# As runc: the pty belongs to the process's uid and devpts's tty group, not its gid.
	id=tu$RANDOM
	dir=$(bundle "$id" "$term"' | .process.user = {"uid": 1000, "gid": 1000}' sh)
	out=$(printf 'stat -c "owner=%%u:%%g" $(tty); exit\n' |
		timeout 20 script -qec "\"$RUNH\" --root \"$ROOT\" run --bundle \"$dir\" $id" /dev/null)
	checkx "a user's terminal: owned by its uid (1000) and the tty group (5)" 'out_has "^owner=1000:5"'
	check "... nothing left" nothing_left "$id"
else
	skip "script(1) not installed"
fi

if [ -x "${RUNH_HELPERS:-}/console-recv" ]; then
	sock="$IT_WORK/console.sock"
	"$RUNH_HELPERS/console-recv" "$sock" "echo typed-\$((6*7)); stty size; exit
" >"$IT_WORK/console.out" &
	rpid=$!
	wait_until 5 test -S "$sock"
	id=tc$RANDOM
	dir=$(bundle "$id" "$term" sh)
	runh create --console-socket "$sock" --bundle "$dir" "$id"
	check "create --console-socket exits 0" [ "$status" = 0 ]
	runh start "$id"
	wait $rpid
	out=$(cat "$IT_WORK/console.out")
	checkx "the pty master reached the socket and drives the container's shell" 'out_has "^got-pty" && out_has "typed-42"'
	check "consoleSize 30x100 is the pty's size" out_has '^30 100'
	runh delete --force "$id"
	check "... nothing left" nothing_left "$id"
else
	skip "console-recv helper not built (make check-integration builds it)"
fi

id=tn$RANDOM
dir=$(bundle "$id" "$term" true)
runh create --bundle "$dir" "$id"
checkx "create of a terminal container without --console-socket is refused" '[ "$status" = 1 ] && grep -q "needs --console-socket" <<<"$errout"'
check "... nothing left" nothing_left "$id"
dir=$(bundle "$id" '.' true)
runh create --console-socket "$IT_WORK/x.sock" --bundle "$dir" "$id"
checkx "--console-socket without process.terminal is refused" '[ "$status" = 1 ] && grep -q "needs process.terminal" <<<"$errout"'

# exec --tty: interactively, and to a console socket.
id=te$RANDOM
dir=$(bundle "$id" '.' sleep 300)
runh run -d --bundle "$dir" "$id"
if command -v script >/dev/null; then
	out=$(printf 'tty; echo exec-$((3*7)); exit 4\n' |
		timeout 20 script -qec "\"$RUNH\" --root \"$ROOT\" exec --tty $id sh" /dev/null)
	status=$?
	checkx "exec --tty is interactive on a pty of the container" 'out_has "^/dev/pts/[0-9]" && out_has "^exec-21"'
	check "... with the exit status (4)" [ "$status" = 4 ]
fi
if [ -x "${RUNH_HELPERS:-}/console-recv" ]; then
	sock="$IT_WORK/console2.sock"
	"$RUNH_HELPERS/console-recv" "$sock" "tty; echo sock-exec
exit
" >"$IT_WORK/console2.out" &
	rpid=$!
	wait_until 5 test -S "$sock"
	runh exec --tty --console-socket "$sock" "$id" sh
	wait $rpid
	out=$(cat "$IT_WORK/console2.out")
	checkx "exec --tty --console-socket hands the pty to the socket" '[ "$status" = 0 ] && out_has "^got-pty" && out_has "sock-exec"'
fi
runh delete --force "$id"
check "... nothing left" nothing_left "$id"

# Features together: a terminal and a seccomp notify listener in one container.  Both are
# optional steps of the create protocol (CONSOLE, SECCOMP_FD); the parent plans them once
# and both sides take them in one order (the old protocol failed with "sync: expected
# SECCOMP_FD, got CONSOLE").  Then exec into it with a terminal: the exec'd process gets
# the filter too, and its listener reaches the agent.
if [ -x "${RUNH_HELPERS:-}/console-recv" ] && [ -x "${RUNH_HELPERS:-}/seccomp-listener" ]; then
	lsock="$IT_WORK/tl-listener.sock" csock="$IT_WORK/tl-console.sock"
	"$RUNH_HELPERS/seccomp-listener" "$lsock" "$IT_WORK/tl-listener.json" &
	lpid=$!
	"$RUNH_HELPERS/console-recv" "$csock" "mkdir /tmp/nd; echo mkdir=\$?; test -d /tmp/nd && echo made || echo absent; exit
" >"$IT_WORK/tl-console.out" &
	rpid=$!
	wait_until 5 test -S "$lsock"
	wait_until 5 test -S "$csock"
	id=tl$RANDOM
	notify="{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"$lsock\",\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}"
	dir=$(bundle "$id" "$term | .mounts += [{\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=1m\"]}] | .linux.seccomp = $notify" sh)
	runh create --console-socket "$csock" --bundle "$dir" "$id"
	checkx "terminal + seccomp listener: create succeeds" '[ "$status" = 0 ]'
	runh start "$id"
	wait $rpid
	out=$(cat "$IT_WORK/tl-console.out")
	checkx "... the shell on the pty sees mkdir answered by the listener" 'out_has "^got-pty" && out_has "^mkdir=0" && out_has "^absent"'
	check "... the listener got the container's state" jqf "$IT_WORK/tl-listener.json" --arg id "$id" '.state.id == $id'
	runh delete --force "$id"
	check "... nothing left" nothing_left "$id"
	kill $lpid 2>/dev/null
	wait $lpid 2>/dev/null

	# exec with a listener: its own filter's listener is delivered too (it used to be closed).
	"$RUNH_HELPERS/seccomp-listener" "$lsock.2" "$IT_WORK/tl-exec.json" &
	lpid=$!
	wait_until 5 test -S "$lsock.2"
	id=tx$RANDOM
	notify="{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"$lsock.2\",\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}"
	dir=$(bundle "$id" ".mounts += [{\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=1m\"]}] | .linux.seccomp = $notify | .process.noNewPrivileges = false" sleep 300)
	"$RUNH" --root "$ROOT" run -d --bundle "$dir" "$id" >/dev/null 2>&1
	# The container's own listener went to the first connection; the agent serves one
	# connection, so stop it and listen again for the exec.
	kill $lpid 2>/dev/null
	wait $lpid 2>/dev/null
	rm -f "$lsock.2"
	"$RUNH_HELPERS/seccomp-listener" "$lsock.2" "$IT_WORK/tl-exec.json" &
	lpid=$!
	wait_until 5 test -S "$lsock.2"
	runh exec "$id" sh -c 'mkdir /tmp/ex; echo mkdir=$?; test -d /tmp/ex && echo made || echo absent'
	checkx "exec under a notify filter: the exec'd process's listener reaches the agent" '[ "$status" = 0 ] && out_has "^mkdir=0" && out_has "^absent"'
	check "... with the exec'd process's pid" jqf "$IT_WORK/tl-exec.json" --arg id "$id" '.state.id == $id and .pid > 0'
	runh delete --force "$id"
	check "... nothing left" nothing_left "$id"
	kill $lpid 2>/dev/null
	wait $lpid 2>/dev/null
else
	skip "console-recv / seccomp-listener helpers not built (make check-integration builds them)"
fi
