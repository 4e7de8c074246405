# Seccomp: the filter the container runs under, seen from inside.

tmp='.mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["size=1m"]}]'
deny_mkdir='{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13}'

for nnp in true false; do
	run_in "$tmp | .process.noNewPrivileges = $nnp | .linux.seccomp = {\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[$deny_mkdir]}" 'grep "^Seccomp:" /proc/self/status; mkdir /tmp/d 2>&1; touch /tmp/f && echo touch-ok'
	check "noNewPrivileges=$nnp: the process is in seccomp filter mode" out_has '^Seccomp:\s+2$'
	check "noNewPrivileges=$nnp: a denied syscall fails with the configured errno (EACCES)" out_has 'Permission denied'
	check "noNewPrivileges=$nnp: other syscalls work" out_has '^touch-ok$'
done

run_in "$tmp"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"syscalls":[{"names":["read","write","open","openat","close","execve","exit","exit_group","rt_sigaction","rt_sigprocmask","rt_sigreturn","brk","mmap","munmap","mprotect","arch_prctl","set_tid_address","getpid","getuid","geteuid","getgid","getegid","getppid","fstat","newfstatat","stat","lstat","fcntl","dup2","dup3","ioctl","wait4","clone","fork","vfork","uname","access","faccessat","faccessat2","prlimit64","getcwd","poll","ppoll","lseek","pipe","pipe2","set_robust_list","rseq","sigaltstack","getrandom","statx","readlink","readlinkat","chdir","getdents64","futex","sched_getaffinity","clock_gettime","nanosleep","clock_nanosleep","madvise","kill","tgkill","setpgid","getpgrp","getpgid"],"action":"SCMP_ACT_ALLOW"}]}' 'echo allowed; hostname newname 2>&1; true'
check "an allow-list works: listed syscalls run" out_has '^allowed$'
check "defaultErrnoRet 38 applies to what is not listed (ENOSYS)" out_has 'Function not implemented'

id=kp$RANDOM
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["uname"],"action":"SCMP_ACT_KILL_PROCESS"}]}' uname)
runh run --bundle "$dir" "$id"
check "SCMP_ACT_KILL_PROCESS kills with SIGSYS (exit 159)" [ "$status" = 159 ]

# Two conditions on one argument: OR (runc's rule).  sethostname(name, len): filter on len.
admin='.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])'
run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","errnoRet":1,"args":[{"index":1,"value":3,"op":"SCMP_CMP_EQ"},{"index":1,"value":4,"op":"SCMP_CMP_EQ"}]}]}' 'hostname abc 2>/dev/null && echo len3-ok || echo len3-denied; hostname abcd 2>/dev/null && echo len4-ok || echo len4-denied; hostname abcde && echo len5-ok'
check "conditions on one argument OR: length 3 denied" out_has '^len3-denied$'
check "... length 4 denied" out_has '^len4-denied$'
check "... length 5 allowed" out_has '^len5-ok$'

run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":2,"op":"SCMP_CMP_GT"}]}]}' 'hostname ab && echo len2-ok; hostname abc 2>/dev/null || echo len3-denied'
checkx "SCMP_CMP_GT on an argument" 'out_has '\''^len2-ok$'\'' && out_has '\''^len3-denied$'\'''

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["no_such_syscall_x","mkdir"],"action":"SCMP_ACT_ERRNO"}]}' 'true'
check "an unknown syscall name is skipped" [ "$status" = 0 ]

if [ -x "${RUNH_HELPERS:-}/seccomp-listener" ]; then
	sock="$IT_WORK/listener.sock"
	"$RUNH_HELPERS/seccomp-listener" "$sock" "$IT_WORK/listener.json" &
	lpid=$!
	wait_until 5 test -S "$sock"
	run_in "$tmp | .linux.seccomp = {\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"$sock\",\"listenerMetadata\":\"meta-42\",\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}" 'mkdir /tmp/nd; echo "mkdir=$?"; test -d /tmp/nd && echo exists || echo absent'
	checkx "SCMP_ACT_NOTIFY: the listener answered (mkdir 'succeeded' without running)" 'out_has '\''^mkdir=0$'\'' && out_has '\''^absent$'\'''
	check "the listener got the state JSON with fds, metadata and the container id" jqf "$IT_WORK/listener.json" --arg id "$last_id" '.fds == ["seccompFd"] and .metadata == "meta-42" and .state.id == $id and .pid > 0'
	kill $lpid 2>/dev/null
	wait $lpid 2>/dev/null
else
	skip "seccomp-listener helper not built (make check-integration builds it)"
fi

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_NOTIFY"}]}' true
checkx "SCMP_ACT_NOTIFY without listenerPath is refused" '[ "$status" = 1 ] && grep -q "SCMP_ACT_NOTIFY needs listenerPath" <<<"$errout"'
run_in ".linux.seccomp = {\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"$IT_WORK/nobody-listens\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}" true
checkx "an unreachable listener fails the create and leaves nothing" '[ "$status" = 1 ] && grep -q "listenerPath" <<<"$errout" && nothing_left "$last_id"'

id=trap$RANDOM
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["uname"],"action":"SCMP_ACT_TRAP"}]}' uname)
runh run --bundle "$dir" "$id"
check "SCMP_ACT_TRAP raises SIGSYS (exit 159)" [ "$status" = 159 ]

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["uname"],"action":"SCMP_ACT_LOG"}]}' 'uname -s'
check "SCMP_ACT_LOG lets the syscall run" out_has '^Linux$'

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_TRACE"}]}' 'mkdir /dev/shm/t 2>&1'
check "SCMP_ACT_TRACE without a tracer fails the syscall (ENOSYS)" out_has 'Function not implemented'

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","flags":["SECCOMP_FILTER_FLAG_TSYNC","SECCOMP_FILTER_FLAG_LOG","SECCOMP_FILTER_FLAG_SPEC_ALLOW"],"syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}' \
	'grep "^Seccomp:" /proc/self/status'
check "filter flags TSYNC, LOG, SPEC_ALLOW are accepted by this kernel" out_has '^Seccomp:\s+2$'

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}' 'mkdir /dev/shm/t 2>&1'
check "architectures: native + x86 + x32 filter loads and applies" out_has 'Operation not permitted'

run_in '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","flags":["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],"syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}' true
check "WAIT_KILLABLE_RECV without a listener is ignored, not an error" [ "$status" = 0 ]

id=kt$RANDOM
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["uname"],"action":"SCMP_ACT_KILL"}]}' uname)
runh run --bundle "$dir" "$id"
check "SCMP_ACT_KILL (kill thread) ends the single-threaded process with SIGSYS" [ "$status" = 159 ]

# MASKED_EQ (value = mask, valueTwo = result, as runc) and NE on sethostname's length.
run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":6,"valueTwo":4,"op":"SCMP_CMP_MASKED_EQ"}]}]}' \
	'hostname abc && echo len3-ok; hostname abcd 2>/dev/null || echo len4-denied; hostname abcdef && echo len6-ok'
checkx "SCMP_CMP_MASKED_EQ: (len & 6) == 4 denied, others allowed" 'out_has "^len3-ok$" && out_has "^len4-denied$" && out_has "^len6-ok$"'
run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":3,"op":"SCMP_CMP_NE"}]}]}' \
	'hostname abc && echo len3-ok; hostname abcd 2>/dev/null || echo len4-denied'
checkx "SCMP_CMP_NE: only the exact value passes" 'out_has "^len3-ok$" && out_has "^len4-denied$"'
run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":3,"op":"SCMP_CMP_LT"}]}]}' \
	'hostname ab 2>/dev/null || echo len2-denied; hostname abc && echo len3-ok'
checkx "SCMP_CMP_LT" 'out_has "^len2-denied$" && out_has "^len3-ok$"'
run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":3,"op":"SCMP_CMP_LE"}]}]}' \
	'hostname abc 2>/dev/null || echo len3-denied; hostname abcd && echo len4-ok'
checkx "SCMP_CMP_LE" 'out_has "^len3-denied$" && out_has "^len4-ok$"'
run_in "$admin"' | .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["sethostname"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":4,"op":"SCMP_CMP_GE"}]}]}' \
	'hostname abc && echo len3-ok; hostname abcd 2>/dev/null || echo len4-denied'
checkx "SCMP_CMP_GE" 'out_has "^len3-ok$" && out_has "^len4-denied$"'

# Features together: a filter without a listener leaves the process's stdio alone (a
# refactoring once closed fd 0 as "the listener"; podman run -i caught it).
id=sp$RANDOM
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}' cat)
out=$(echo piped-in | "$RUNH" --root "$ROOT" run --bundle "$dir" "$id" 2>&1)
checkx "seccomp without a listener: stdin still reaches the program" '[ "$out" = piped-in ]'
dir=$(bundle "$id" '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}' sleep 300)
runh run -d --bundle "$dir" "$id"
out=$(echo piped-exec | "$RUNH" --root "$ROOT" exec "$id" cat 2>&1)
checkx "... and an exec'd process's stdin too" '[ "$out" = piped-exec ]'
runh delete --force "$id"
check "... nothing left" nothing_left "$id"

# A syscall newer than anything the profile names gets ENOSYS (libc then falls back, as
# with runc's filter); one the profile could have named but did not gets the default.
if [ -x "${RUNH_HELPERS:-}/sysprobe" ]; then
	probe_root="$IT_WORK/proberoot-seccomp"
	[ -d "$probe_root" ] || { cp -a "$ROOTFS" "$probe_root" && cp "$RUNH_HELPERS/sysprobe" "$probe_root/bin/"; }
	allow='["read","write","open","openat","close","execve","exit","exit_group","brk","mmap","munmap","mprotect","arch_prctl","set_tid_address","fstat","newfstatat","ioctl","rt_sigaction","rt_sigprocmask","prlimit64","getrandom","rseq","set_robust_list","personality","writev"]'
	for def in '"SCMP_ACT_ERRNO"' '"SCMP_ACT_ALLOW"'; do
		id=sn$RANDOM
		dir=$(bundle "$id" ".linux.seccomp = {\"defaultAction\":$def,\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],\"syscalls\":[{\"names\":$allow,\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}" sysprobe clone3 keyctl personality)
		rm "$dir/rootfs" && ln -s "$probe_root" "$dir/rootfs"
		runh run --bundle "$dir" "$id"
		if [ "$def" = '"SCMP_ACT_ERRNO"' ]; then
			checkx "default ERRNO: clone3 (newer than the profile) gets ENOSYS, keyctl EPERM" '[ "$status" = 0 ] && out_has "^clone3: ENOSYS$" && out_has "^keyctl: EPERM$" && out_has "^personality: ok$"'
		else
			checkx "default ALLOW: no ENOSYS stub (clone3 reaches the kernel: EINVAL for a NULL argument)" '[ "$status" = 0 ] && out_has "^clone3: EINVAL$"'
		fi
		check "... nothing left" nothing_left "$id"
	done
else
	skip "sysprobe helper not built"
fi
