# AppArmor profile of lab 14: everything allowed but writing under /tmp.
abi <abi/3.0>,
#include <tunables/global>

profile runh-lab14 flags=(attach_disconnected,mediate_deleted) {
  file,
  capability,
  network,
  signal,
  mount,
  umount,
  pivot_root,
  ptrace,
  unix,
  dbus,
  deny /tmp/** w,
}
