# The process: user, groups, umask, cwd, env, rlimits, oom_score_adj, sysctl, caps.

run_in '.process.user = {"uid":1000,"gid":1001,"additionalGids":[5,65534]}' 'id -u; id -g; id -G; grep -E "^(Uid|Gid|Groups):" /proc/self/status'
check "uid is 1000" [ "$(sed -n 1p <<<"$out")" = 1000 ]
check "gid is 1001" [ "$(sed -n 2p <<<"$out")" = 1001 ]
check "supplementary groups are exactly 5 and 65534" out_has '^Groups:\s+5 65534\s*$'
check "real, effective and saved uid are all 1000" out_has '^Uid:\s+1000\s+1000\s+1000\s+1000'

run_in '.process.user.umask = 63' 'umask'
check "umask 077 is applied" [ "$out" = 0077 ]
run_in '.' 'umask'
check "umask unset leaves runh's own" [ "$out" = "$(printf %04o $(( $(umask) )))" ]

run_in '.process.cwd = "/etc" | .process.env += ["FOO=bar baz"]' 'pwd; echo "$FOO"; echo "$HOME"'
check "cwd is /etc" [ "$(sed -n 1p <<<"$out")" = /etc ]
check "env reaches the process" [ "$(sed -n 2p <<<"$out")" = "bar baz" ]
check "HOME comes from the container's /etc/passwd" [ "$(sed -n 3p <<<"$out")" = /root ]

# As runc and crun: a missing cwd is made (owned by the container's root, 0755) ...
run_in '.process.cwd = "/new/dir" | .process.user = {"uid":1000,"gid":1000}' 'pwd; stat -c "%u %a" /new/dir'
checkx "a missing cwd is created" '[ "$status" = 0 ] && [ "$(sed -n 1p <<<"$out")" = /new/dir ] && [ "$(sed -n 2p <<<"$out")" = "0 755" ]'
# ... and entered before the user switch: a cwd below a directory the user cannot search.
mkdir -p "$IT_WORK/locked/in"
chmod 0700 "$IT_WORK/locked"
run_in ".mounts += [{\"destination\":\"/locked\",\"type\":\"bind\",\"source\":\"$IT_WORK/locked\",\"options\":[\"rbind\"]}] | .process.cwd = \"/locked/in\" | .process.user = {\"uid\":1000,\"gid\":1000}" 'pwd; ls /locked >/dev/null 2>&1 && echo can-list || echo cannot-list'
checkx "a cwd the process's user cannot reach is still its cwd (it cannot list the parent)" '[ "$status" = 0 ] && out_has "^/locked/in$" && out_has "^cannot-list$"'
# A cwd that is a file, or a symlink out of the root, is refused by name.
run_in '.process.cwd = "/etc/passwd"' 'pwd'
checkx "a cwd that is a file is an error naming it" '[ "$status" = 1 ] && grep -q "process.cwd '\''/etc/passwd'\''" <<<"$errout"'

# A variable given twice: the last value wins, once (runc's behaviour).
run_in '.process.env += ["DUP=first","OTHER=x","DUP=second"]' 'echo "$DUP"; env | grep -c "^DUP="'
checkx "process.env with a key twice: the last wins, once" '[ "$out" = "$(printf "second\n1")" ]'

run_in '.process.rlimits = [{"type":"RLIMIT_NOFILE","hard":2048,"soft":512},{"type":"RLIMIT_CORE","hard":0,"soft":0}]' 'grep -E "^Max (open files|core file size)" /proc/self/limits'
check "RLIMIT_NOFILE soft 512 hard 2048" out_has '^Max open files\s+512\s+2048\s+files'
check "RLIMIT_CORE 0" out_has '^Max core file size\s+0\s+0\s+bytes'

hard=$(ulimit -Hn)
run_in ".process.rlimits = [{\"type\":\"RLIMIT_NOFILE\",\"hard\":$((hard * 4)),\"soft\":$((hard * 4))}]" 'grep "^Max open files" /proc/self/limits'
if [ "$(grep CapBnd /proc/self/status | awk '{print $2}')" = 000001fffeffffff ]; then
	checkx "an rlimit above what the host can give: warning, runs with the host's hard limit" '[ "$status" = 0 ] && out_has "^Max open files\s+$hard\s+$hard" && grep -q "RLIMIT_NOFILE: cannot set" <<<"$errout"'
else
	skip "host has CAP_SYS_RESOURCE: cannot test the clamp"
fi

run_in '.process.oomScoreAdj = 500' 'cat /proc/self/oom_score_adj'
check "oom_score_adj 500" [ "$out" = 500 ]

run_in '.linux.sysctl = {"net.ipv4.ip_forward":"1","kernel.shmmax":"123456789","kernel.domainname":"sysctl.test"}' 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax /proc/sys/kernel/domainname'
check "sysctls are set inside" [ "$out" = "$(printf '1\n123456789\nsysctl.test')" ]
check "the host's sysctls are untouched" [ "$(cat /proc/sys/kernel/domainname)" != sysctl.test ]

run_in '.process.noNewPrivileges = false' 'grep NoNewPrivs /proc/self/status'
check "noNewPrivileges false" out_has 'NoNewPrivs:\s+0'
run_in '.process.noNewPrivileges = true' 'grep NoNewPrivs /proc/self/status'
check "noNewPrivileges true" out_has 'NoNewPrivs:\s+1'

run_in '.' 'grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb)" /proc/self/status'
checkx "root gets exactly the configured caps (AUDIT_WRITE, KILL, NET_BIND_SERVICE)" 'out_has '\''^CapEff:\s+0000000020000420$'\'' && out_has '\''^CapBnd:\s+0000000020000420$'\'' && out_has '\''^CapInh:\s+0000000000000000$'\'''
run_in 'del(.process.capabilities)' 'grep -E "^Cap(Prm|Eff|Bnd)" /proc/self/status'
checkx "no capabilities property: no capabilities at all" 'out_has '\''^CapEff:\s+0+$'\'' && out_has '\''^CapBnd:\s+0+$'\'''
run_in '.process.user = {"uid":1000,"gid":1000} | .process.capabilities.inheritable = ["CAP_NET_BIND_SERVICE"] | .process.capabilities.ambient = ["CAP_NET_BIND_SERVICE"]' 'grep -E "^Cap(Eff|Amb)" /proc/self/status'
checkx "a non-root user keeps an ambient capability after exec" 'out_has '\''^CapAmb:\s+0000000000000400$'\'' && out_has '\''^CapEff:\s+0000000000000400$'\'''
run_in '.process.capabilities.bounding += ["CAP_NOT_A_THING"]' 'true'
checkx "a name that is no capability is an error naming the place (config.md: MUST)" '[ "$status" = 1 ] && grep -qE "process.capabilities.bounding\[[0-9]+\]: .CAP_NOT_A_THING. is not a capability" <<<"$errout"'
check "... nothing left" nothing_left "$last_id"

run_in '.process.args = ["/bin/nonexistent"]' true
checkx "a missing program is an error naming it" '[ "$status" = 1 ] && grep -q "exec '\''/bin/nonexistent'\''" <<<"$errout"'
check "... and nothing is left" nothing_left "$last_id"

run_in '.process.capabilities.bounding += ["CAP_SYS_RESOURCE"] | .process.capabilities.effective += ["CAP_SYS_RESOURCE"] | .process.capabilities.permitted += ["CAP_SYS_RESOURCE"]' \
	'grep ^CapEff /proc/self/status'
if [ "$(( 0x$(awk '/^CapBnd/ {print $2}' /proc/self/status) >> 24 & 1 ))" = 0 ]; then
	checkx "a capability the host lacks (CAP_SYS_RESOURCE): warning, skipped, the container runs" \
		'[ "$status" = 0 ] && grep -q "CAP_SYS_RESOURCE.*not in runh.s own bounding set" <<<"$errout" && out_has "^CapEff:\s+0000000020000420$"'
else
	skip "runh has CAP_SYS_RESOURCE here: cannot test a missing host capability"
fi

# runc's own `runc spec` template lists ambient capabilities without inheritable ones: the
# kernel cannot raise them; that is no reason to print a warning on every run.
run_in '.process.capabilities.ambient = ["CAP_KILL","CAP_NET_BIND_SERVICE","CAP_AUDIT_WRITE"] | del(.process.capabilities.inheritable)' 'grep "^CapAmb" /proc/self/status'
checkx "ambient caps that are not inheritable: none raised, no warning" '[ "$status" = 0 ] && out_has "^CapAmb:\s+0+$" && [ -z "$errout" ]'
