# process.terminal: the pty inside the container, --console-socket, and a foreground run
# in a terminal (driven through script(1)).

term='.process.terminal = true | .process.consoleSize = {"height": 30, "width": 100}'
if command -v script >/dev/null; then
	id=tt$RANDOM
	dir=$(bundle "$id" "$term" sh)
	out=$(printf 'tty; ls -l /dev/console; echo hello-$((40+2)); exit 3\n' |
		timeout 20 script -qec "\"$RUNH\" --root \"$ROOT\" run --bundle \"$dir\" $id" /dev/null)
	status=$?
	checkx "a foreground run in a terminal is interactive, on a pty inside the container" 'out_has "^/dev/pts/0" && out_has "^hello-42"'
	check "... its exit status comes back through the terminal (3)" [ "$status" = 3 ]
	checkx "... and /dev/console is the pty" 'out_has "^crw--w---- +1 root +root +136, +0 .*/dev/console"'
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
