# Bad input: a clear message naming the place, exit 1, nothing left behind.

# bad_config NAME JQ-FILTER EXPECTED-MESSAGE
bad_config() {
	local desc=$1 filter=$2 msg=$3 id="e$RANDOM"
	local dir
	dir=$(bundle "$id" "$filter" true)
	runh run --bundle "$dir" "$id"
	if [ "$status" = 1 ] && grep -qF -- "$msg" <<<"$errout" && nothing_left "$id"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "status=$status stderr: $errout"
	fi
}

bad_config "args[0] not a string" '.process.args = [1]' 'config.json: process.args[0]: expected a string'
bad_config "unknown rlimit" '.process.rlimits = [{"type":"RLIMIT_FOO","hard":1,"soft":1}]' "config.json: process.rlimits[0].type: unknown rlimit 'RLIMIT_FOO'"
bad_config "uid out of range" '.process.user.uid = 4294967296' 'config.json: process.user.uid: number 4294967296 out of range'
bad_config "ociVersion 2.0.0" '.ociVersion = "2.0.0"' "version '2.0.0' is not supported"
bad_config "missing rootfs" '.root.path = "no-such-rootfs"' "root.path 'no-such-rootfs': No such file or directory"
bad_config "missing program" '.process.args = ["no-such-program"]' "exec: 'no-such-program': executable file not found in \$PATH"
bad_config "mount of an unknown filesystem type" '.mounts += [{"destination":"/x","type":"nosuchfs","source":"x"}]' "mounts[7]: mount '/x': fsopen 'nosuchfs'"
bad_config "a bind mount of a missing source" '.mounts += [{"destination":"/x","source":"/no/such/dir","options":["bind"]}]' "bind source '/no/such/dir': No such file or directory"
bad_config "a sysctl that reaches the host" '.linux.sysctl = {"kernel.panic":"1"}' "'kernel.panic' is not namespaced"

id=json$RANDOM
dir=$(bundle "$id" '.' true)
echo '{"ociVersion": "1.0.0", "process": ' >"$dir/config.json"
runh run --bundle "$dir" "$id"
checkx "malformed JSON" '[ "$status" = 1 ] && grep -q "config.json:2:1: invalid JSON: parse error: premature EOF" <<<"$errout" && nothing_left "$id"'

rm "$dir/config.json"
runh run --bundle "$dir" "$id"
checkx "missing config.json" '[ "$status" = 1 ] && grep -q "open config.json: No such file or directory" <<<"$errout"'

for bad in "../etc" "a/b" "." ".." "" "$(printf 'x%.0s' $(seq 1 1100))"; do
	runh run --bundle "$dir" "$bad"
	checkx "bad id '${bad:0:20}' is refused" '[ "$status" = 1 ] && grep -q "invalid container id" <<<"$errout"'
done
check "bad ids created nothing in the state root" [ -z "$(ls -A "$ROOT" 2>/dev/null)" ]

id=dup$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh create --bundle "$dir" "$id"
runh run --bundle "$dir" "$id"
checkx "duplicate id: refused, the first container untouched" '[ "$status" = 1 ] && grep -q "container with id exists: $id" <<<"$errout"'
runh state "$id"
check "... the first container is still created" jqt '.status == "created"'
runh delete "$id"

runh --log "$IT_WORK/log.json" --log-format json run --bundle "$IT_WORK/nonexistent" x1
check "--log-format json writes the error as a JSON line" jqf "$IT_WORK/log.json" 'select(.level == "error") | .msg | test("bundle")'
runh --systemd-cgroup list
checkx "--systemd-cgroup is refused clearly" '[ "$status" = 1 ] && grep -q "systemd cgroup driver is not supported" <<<"$errout"'
runh nosuchcmd
checkx "an unknown command is an error" '[ "$status" = 1 ] && grep -q "unknown command '\''nosuchcmd'\''" <<<"$errout"'

id=dbg$RANDOM
dir=$(bundle "$id" '.hooks = {"prestart": [{"path": "/bin/true"}]}' true)
runh --debug run --bundle "$dir" "$id"
checkx "--debug prints debug lines on stderr" '[ "$status" = 0 ] && grep -q "debug: running hooks.prestart\[0\] ./bin/true." <<<"$errout"'
runh run --bundle "$dir" "$id"
checkx "... and without --debug they stay quiet" '[ "$status" = 0 ] && [ -z "$errout" ]'

# make install honours PREFIX and DESTDIR.
top=$(cd "$IT_DIR/../.." && pwd)
make -s -C "$top" install DESTDIR="$IT_WORK/destdir" PREFIX=/opt/runh-test >/dev/null 2>&1
checkx "make install puts the binary and every man page under DESTDIR/PREFIX" \
	'[ -x "$IT_WORK/destdir/opt/runh-test/sbin/runh" ] && [ "$(ls "$IT_WORK/destdir/opt/runh-test/share/man/man8" | wc -l)" = "$(ls "$top"/man/*.8 | wc -l)" ]'
runh spec --bundle "$IT_WORK/destdir"
"$IT_WORK/destdir/opt/runh-test/sbin/runh" --version >/dev/null
check "the installed binary runs" [ $? = 0 ]

# LSM labels on a host that runs neither AppArmor nor SELinux (this one: lockdown,
# capability, landlock, bpf): a profile or process label is an error naming the property
# (as runc; Docker sends apparmorProfile only where AppArmor runs); mountLabel alone is
# ignored (as runc).  The bytes the enabled path writes are unit-tested (test_misc.c).
if [ ! -e /sys/fs/selinux/enforce ] && ! grep -qs Y /sys/module/apparmor/parameters/enabled; then
	bad_config "apparmorProfile without AppArmor" '.process.apparmorProfile = "docker-default"' "process.apparmorProfile: AppArmor is not enabled on this host"
	bad_config "selinuxLabel without SELinux" '.process.selinuxLabel = "system_u:system_r:container_t:s0:c1,c2"' "process.selinuxLabel: SELinux is not enabled on this host"
	run_in '.linux.mountLabel = "system_u:object_r:container_file_t:s0:c1,c2"' 'echo ran'
	checkx "mountLabel without SELinux: ignored, the container runs" '[ "$status" = 0 ] && [ "$out" = ran ]'
else
	skip "this host runs AppArmor or SELinux: the disabled paths are not testable here"
fi
