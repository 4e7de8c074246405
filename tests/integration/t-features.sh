# runh features: the runtime-spec features document matches what runh accepts.

runh features
check "features prints valid JSON" jqt '.'
check "ociVersionMin 1.0.0 and ociVersionMax 1.3.0" jqt '.ociVersionMin == "1.0.0" and .ociVersionMax == "1.3.0"'
check "all eight namespaces" jqt '.linux.namespaces | sort == (["cgroup","ipc","mount","network","pid","time","user","uts"])'
check "capabilities from libcap (CAP_SYS_ADMIN .. CAP_CHECKPOINT_RESTORE)" jqt '.linux.capabilities | index("CAP_SYS_ADMIN") != null and index("CAP_CHECKPOINT_RESTORE") != null'
check "every seccomp action and operator" jqt '(.linux.seccomp.actions | length) == 9 and (.linux.seccomp.operators | length) == 7'
check "cgroup v1 and v2, no systemd driver" jqt '.linux.cgroup.v1 and .linux.cgroup.v2 and (.linux.cgroup.systemd | not)'
check "all six hook kinds" jqt '.hooks == ["prestart","createRuntime","createContainer","startContainer","poststart","poststop"]'
features=$out

# Every mount option features claims is one the parser accepts.
bad=""
for o in $(jq -r '.mountOptions[]' <<<"$features"); do
	jq -n --arg o "$o" '{ociVersion: "1.0.0", root: {path: "r"}, process: {args: ["sh"], cwd: "/"},
		mounts: [{destination: "/m", type: "tmpfs", source: "tmpfs", options: [$o]}]}' >"$IT_WORK/opt.json"
	"$RUNH" audit --config "$IT_WORK/opt.json" >/dev/null 2>&1
	[ $? = 2 ] && bad="$bad $o"
done
check "every mountOption in features parses (refused:${bad:- none})" [ -z "$bad" ]
# And every seccomp action/operator/arch it claims compiles into a filter that loads.
run_in ".linux.seccomp = {\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":$(jq -c '.linux.seccomp.archs' <<<"$features"),\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_ERRNO\"}]}" true
check "a profile listing every claimed architecture loads (other byte orders skipped)" [ "$status" = 0 ]
