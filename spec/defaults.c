/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config.json written by `runh spec`: runc's default (busybox-friendly, read-only
 * root, the three usual capabilities, masked /proc paths) with terminal off so that it
 * runs under any stdio.  --rootless is runc's rootless config (the caller's uid/gid mapped
 * to root in a user namespace, no uid=/gid= mount options, no cgroup mount, no
 * linux.resources) but keeps a network namespace: made inside the user namespace it needs
 * no privilege, the container gets loopback only instead of the host's network, and /sys
 * can then be a sysfs of its own (runc binds the host's, which shows the host's network).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../libcontainer/util.h"
#include "spec.h"

static const char common_head[] =
	"{\n"
	"\t\"ociVersion\": \"1.3.0\",\n"
	"\t\"process\": {\n"
	"\t\t\"terminal\": false,\n"
	"\t\t\"user\": {\n"
	"\t\t\t\"uid\": 0,\n"
	"\t\t\t\"gid\": 0\n"
	"\t\t},\n"
	"\t\t\"args\": [\n"
	"\t\t\t\"sh\"\n"
	"\t\t],\n"
	"\t\t\"env\": [\n"
	"\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
	"\t\t\t\"TERM=xterm\"\n"
	"\t\t],\n"
	"\t\t\"cwd\": \"/\",\n"
	"\t\t\"capabilities\": {\n"
	"\t\t\t\"bounding\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],\n"
	"\t\t\t\"effective\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],\n"
	"\t\t\t\"permitted\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"]\n"
	"\t\t},\n"
	"\t\t\"rlimits\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n"
	"\t\t\t\t\"hard\": 1024,\n"
	"\t\t\t\t\"soft\": 1024\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"noNewPrivileges\": true\n"
	"\t},\n"
	"\t\"root\": {\n"
	"\t\t\"path\": \"rootfs\",\n"
	"\t\t\"readonly\": true\n"
	"\t},\n"
	"\t\"hostname\": \"runh\",\n"
	"\t\"mounts\": [\n"
	"\t\t{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},\n"
	"\t\t{\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
	"\t\t \"options\": [\"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\"]},\n";

static const char devpts_root[] =
	"\t\t{\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", "
	"\"mode=0620\", \"gid=5\"]},\n";

static const char devpts_rootless[] =
	"\t\t{\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", "
	"\"mode=0620\"]},\n";

static const char common_mid[] =
	"\t\t{\"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\"]},\n"
	"\t\t{\"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"nodev\"]},\n";

static const char sys_root[] =
	"\t\t{\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"]},\n"
	"\t\t{\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"]}\n"
	"\t],\n";

/* No cgroup mount: the v1 hierarchies cannot be mounted in a user namespace. */
static const char sys_rootless[] =
	"\t\t{\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
	"\t\t \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"]}\n"
	"\t],\n";

static const char linux_head[] = "\t\"linux\": {\n";

static const char resources_root[] = "\t\t\"resources\": {\n"
				     "\t\t\t\"devices\": [\n"
				     "\t\t\t\t{\"allow\": false, \"access\": \"rwm\"}\n"
				     "\t\t\t]\n"
				     "\t\t},\n";

static const char namespaces_root[] = "\t\t\"namespaces\": [\n"
				      "\t\t\t{\"type\": \"pid\"},\n"
				      "\t\t\t{\"type\": \"network\"},\n"
				      "\t\t\t{\"type\": \"ipc\"},\n"
				      "\t\t\t{\"type\": \"uts\"},\n"
				      "\t\t\t{\"type\": \"mount\"},\n"
				      "\t\t\t{\"type\": \"cgroup\"}\n"
				      "\t\t],\n";

static const char namespaces_rootless_fmt[] =
	"\t\t\"uidMappings\": [{\"containerID\": 0, \"hostID\": %u, \"size\": 1}],\n"
	"\t\t\"gidMappings\": [{\"containerID\": 0, \"hostID\": %u, \"size\": 1}],\n"
	"\t\t\"namespaces\": [\n"
	"\t\t\t{\"type\": \"pid\"},\n"
	"\t\t\t{\"type\": \"network\"},\n"
	"\t\t\t{\"type\": \"ipc\"},\n"
	"\t\t\t{\"type\": \"uts\"},\n"
	"\t\t\t{\"type\": \"mount\"},\n"
	"\t\t\t{\"type\": \"cgroup\"},\n"
	"\t\t\t{\"type\": \"user\"}\n"
	"\t\t],\n";

static const char linux_tail[] =
	"\t\t\"maskedPaths\": [\n"
	"\t\t\t\"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\",\n"
	"\t\t\t\"/proc/latency_stats\", \"/proc/timer_list\", \"/proc/timer_stats\",\n"
	"\t\t\t\"/proc/sched_debug\", \"/proc/scsi\", \"/sys/firmware\", \"/sys/devices/virtual/powercap\"\n"
	"\t\t],\n"
	"\t\t\"readonlyPaths\": [\n"
	"\t\t\t\"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\", \"/proc/sysrq-trigger\"\n"
	"\t\t]\n"
	"\t}\n"
	"}\n";

char *spec_default_config(bool rootless, uid_t uid, gid_t gid)
{
	if (!rootless)
		return xasprintf("%s%s%s%s%s%s%s%s", common_head, devpts_root, common_mid, sys_root,
				 linux_head, resources_root, namespaces_root, linux_tail);
	char *ns = xasprintf(namespaces_rootless_fmt, (unsigned)uid, (unsigned)gid);
	char *out = xasprintf("%s%s%s%s%s%s%s", common_head, devpts_rootless, common_mid,
			      sys_rootless, linux_head, ns, linux_tail);
	free(ns);
	return out;
}
