# runh audit: golden reports for the default and hardened configs, one config per rule
# that triggers exactly that rule, exit codes, JSON schema, `create --audit`.

adir="$IT_WORK/audit"
mkdir -p "$adir"
here_golden="$(dirname "${BASH_SOURCE[0]}")/golden"
[ -d "$here_golden" ] || here_golden="$IT_DIR/golden"

# audit_rules FILE: the sorted rule ids runh audit reports for a config file (for any host:
# the rules that depend on this host's LSMs are checked at the end).
audit_rules() {
	"$RUNH" audit --any-host --format json --config "$1" | jq -r '.findings[].rule' | sort | tr '\n' ' ' | sed 's/ $//'
}

(cd "$adir" && "$RUNH" spec && mv config.json default.json && "$RUNH" spec --hardened && mv config.json hardened.json)
"$RUNH" audit --any-host --format json --config "$adir/default.json" | jq 'del(.source)' >"$adir/default.out"
check "golden: the default config's report" diff -u "$here_golden/audit-default.json" "$adir/default.out"
"$RUNH" audit --any-host --format json --config "$adir/hardened.json" | jq 'del(.source)' >"$adir/hardened.out"
check "golden: the hardened config's report" diff -u "$here_golden/audit-hardened.json" "$adir/hardened.out"
# The runtime-spec schema allows rootfsPropagation private/shared/slave/unbindable only.
for f in default hardened; do
	check "spec ($f): rootfsPropagation absent or a schema value" jqf "$adir/$f.json" '(.linux.rootfsPropagation // "private") | IN("private","shared","slave","unbindable")'
done
check "the hardened config has no finding above low" jqf "$adir/hardened.out" '[.findings[] | select(.severity != "low")] | length == 0'
runh audit --config "$adir/hardened.json"
check "hardened: exit 0 with the default --fail-on high" [ "$status" = 0 ]
runh audit --any-host --config "$adir/hardened.json" --fail-on low
check "hardened: exit 1 with --fail-on low (two low findings, for any host)" [ "$status" = 1 ]
runh audit --config "$adir/default.json"
checkx "default: exit 1, the table names rule, CIS id and path" '[ "$status" = 1 ] && out_has "^  high +5\.22 +no-seccomp +linux\.seccomp$"'

# The base: hardened plus the two labels this host cannot check: no findings at all.
jq '.process.apparmorProfile = "runh-default" | .process.selinuxLabel = "system_u:system_r:container_t:s0"' \
	"$adir/hardened.json" >"$adir/base.json"
check "the base (hardened + labels) is clean" [ -z "$(audit_rules "$adir/base.json")" ]

# rule_case RULE JQ-FILTER: the base with one change triggers exactly RULE.
rule_case() {
	jq "$2" "$adir/base.json" >"$adir/$1.json"
	local got
	got=$(audit_rules "$adir/$1.json")
	if [ "$got" = "$1" ]; then ok "rule $1 alone"; else not_ok "rule $1 alone"; diag "got: $got"; fi
}
drop_ns() { echo ".linux.namespaces |= map(select(.type != \"$1\"))"; }

rule_case user-root '.process.user.uid = 0 | .process.user.gid = 0'
rule_case no-apparmor 'del(.process.apparmorProfile)'
rule_case no-selinux 'del(.process.selinuxLabel)'
rule_case extra-capabilities '.process.capabilities.bounding = ["CAP_SYS_ADMIN"]'
rule_case privileged '.linux.resources.devices += [{"allow": true, "access": "rwm"}]'
rule_case sensitive-mount '.mounts += [{"destination": "/hostetc", "source": "/etc", "options": ["rbind", "ro"]}]'
rule_case host-network "$(drop_ns network)"
rule_case no-memory-limit 'del(.linux.resources.memory)'
rule_case no-cpu-limit 'del(.linux.resources.cpu)'
rule_case root-writable '.root.readonly = false'
rule_case host-pid "$(drop_ns pid)"
rule_case host-ipc "$(drop_ns ipc)"
rule_case host-devices '.linux.devices = [{"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229}]'
rule_case shared-propagation '.linux.rootfsPropagation = "rshared"'
rule_case host-uts "$(drop_ns uts) | del(.hostname)"
rule_case no-seccomp 'del(.linux.seccomp)'
rule_case new-privileges '.process.noNewPrivileges = false'
rule_case no-pids-limit 'del(.linux.resources.pids)'
rule_case host-user "$(drop_ns user) | del(.linux.uidMappings, .linux.gidMappings)"
rule_case host-mount "$(drop_ns mount)"
rule_case engine-socket '.mounts += [{"destination": "/var/run/docker.sock", "source": "/run/docker.sock", "options": ["bind", "ro"]}]'
rule_case writable-proc-sys '.linux.readonlyPaths -= ["/proc/sys"]'
rule_case no-rlimits 'del(.process.rlimits)'
rule_case userns-host-root '.linux.uidMappings[0].hostID = 0'
rule_case no-seccomp '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW"}'
rule_case host-sysctl '.linux.sysctl = {"kernel.core_pattern": "|/tmp/x"}'
rule_case hook-relative-path '.hooks = {"prestart": [{"path": "bin/hook"}]}'
rule_case unknown-property '.root.readOnly = true'
rule_case unknown-property '.process.termnal = false'
rule_case seccomp-unknown-name '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount", "mountt"], "action": "SCMP_ACT_ERRNO"}]}'
jq '.linux.seccomp.syscalls[0].names += ["mountt"]' "$adir/base.json" >"$adir/allowlist.json"
check "an unknown name in an allow-list (default deny) is no finding: it stays denied" [ -z "$(audit_rules "$adir/allowlist.json")" ]
runh audit --format json --config "$adir/unknown-property.json"
check "unknown-property: the fix suggests the name" jqt '.findings[] | select(.rule == "unknown-property") | .fix | test("did you mean .terminal.")'

# This host's LSMs: what it cannot apply is not recommended (without --any-host).
runh audit --format json --config "$adir/hardened.json"
if [ -e /sys/module/apparmor/parameters/enabled ] && grep -q Y /sys/module/apparmor/parameters/enabled; then
	check "a host with AppArmor: a profile is recommended" jqt 'any(.findings[]; .rule == "no-apparmor")'
else
	check "a host without AppArmor: no profile is recommended" jqt 'all(.findings[]; .rule != "no-apparmor")'
fi
if [ -d /sys/fs/selinux ] && [ -e /sys/fs/selinux/enforce ]; then
	check "a host with SELinux: a label is recommended" jqt 'any(.findings[]; .rule == "no-selinux")'
else
	check "a host without SELinux: no label is recommended" jqt 'all(.findings[]; .rule != "no-selinux")'
fi

runh audit --rules
check "every rule is exercised above" [ "$(wc -l <<<"$out")" = 28 ]

runh audit --config "$adir/nonexistent.json"
check "a missing config: exit 2" [ "$status" = 2 ]
echo '{"ociVersion": "1.0.0", "process": {"args": [1]}}' >"$adir/bad.json"
runh audit --config "$adir/bad.json"
checkx "an invalid config: exit 2 with the parse error" '[ "$status" = 2 ] && grep -q "process.args\[0\]: expected a string" <<<"$errout"'
runh audit --fail-on extreme --config "$adir/base.json"
check "a bad --fail-on: exit 2" [ "$status" = 2 ]

# Containers in the state dir: audit ID and --all.
id=aud$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh create --bundle "$dir" "$id"
runh audit --format json "$id"
checkx "audit ID reads the container's config" '[ "$status" = 1 ] && jqt ".source | test(\"container '"$id"'\")"'
runh audit --all --format json
check "audit --all gives a JSON array with every container" jqt --arg id "$id" 'type == "array" and (map(select(.source | contains($id))) | length == 1)'
runh delete --force "$id"

# create --audit
id=gate$RANDOM
dir=$(bundle "$id" '.' true)
runh run --audit=enforce --bundle "$dir" "$id"
checkx "create --audit=enforce refuses the default config, findings in the error" '[ "$status" = 1 ] && grep -q "audit: .* at or above high: .*no-seccomp (linux.seccomp)" <<<"$errout"'
check "... and leaves nothing" nothing_left "$id"
runh run --audit=warn --bundle "$dir" "$id"
checkx "create --audit=warn runs it and logs the findings" '[ "$status" = 0 ] && grep -q "warning: audit: high no-seccomp" <<<"$errout"'

# The hardened config runs the busybox rootfs out of the box and its seccomp profile bites.
id=hard$RANDOM
dir="$IT_WORK/$id"
mkdir -p "$dir" && ln -s "$ROOTFS" "$dir/rootfs" && cp "$adir/hardened.json" "$dir/config.json"
jq --arg cg "$CGPARENT/$id" --arg tag "RUNH_IT=$TAG" '.linux.cgroupsPath = $cg | .process.env += [$tag] | .process.args = ["sh", "-c", "id -u; echo x > /tmp/f && cat /tmp/f; ls / | wc -l; grep ^Seccomp: /proc/self/status"]' \
	"$dir/config.json" >"$dir/c" && mv "$dir/c" "$dir/config.json"
runh run --audit=enforce --bundle "$dir" "$id"
checkx "the hardened config passes --audit=enforce and a busybox shell works under it" '[ "$status" = 0 ] && out_has "^65534$" && out_has "^x$" && out_has "^Seccomp:\s+2$"'
check "... nothing left" nothing_left "$id"

# The default profile refuses namespace, mount, keyring, bpf and ptrace calls with EPERM,
# even for root with CAP_SYS_ADMIN inside its user namespace (so it is the profile that
# refuses, as the control run without it shows).
if [ -x "${RUNH_HELPERS:-}/sysprobe" ]; then
	probe_root="$IT_WORK/proberoot"
	[ -d "$probe_root" ] || { cp -a "$ROOTFS" "$probe_root" && cp "$RUNH_HELPERS/sysprobe" "$probe_root/bin/"; }
	calls="unshare mount keyctl bpf setns clone-newns personality ptrace" # ptrace last: a tracee stops on signals
	for variant in profile control; do
		id=prof$RANDOM
		dir="$IT_WORK/$id"
		mkdir -p "$dir" && ln -s "$probe_root" "$dir/rootfs"
		filter='.process.user = {"uid": 0, "gid": 0} | .process.capabilities |= with_entries(.value = ["CAP_SYS_ADMIN", "CAP_SYS_PTRACE"])'
		[ $variant = control ] && filter="$filter | del(.linux.seccomp)"
		jq --arg cg "$CGPARENT/$id" --arg tag "RUNH_IT=$TAG" --arg calls "$calls" \
			"$filter"' | .linux.cgroupsPath = $cg | .process.env += [$tag] | .process.args = (["sysprobe"] + ($calls | split(" ")))' \
			"$adir/hardened.json" >"$dir/config.json"
		runh run --bundle "$dir" "$id"
		eval "probe_$variant=\$out"
	done
	out=$probe_profile
	for c in $calls; do
		check "default profile: $c is refused with EPERM" out_has "^$c: EPERM$"
	done
	out=$probe_control
	checkx "control without the profile: unshare and keyctl succeed (the profile made the difference)" 'out_has "^unshare: ok$" && out_has "^keyctl: ok$"'
else
	skip "sysprobe helper not built (make check-integration builds it)"
fi
