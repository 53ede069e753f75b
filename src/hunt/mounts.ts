// The walk stays on one filesystem by the mount table (util/mountinfo.ts) rather than a stat per
// directory (readdir's entry types say "directory" but not which device it lives on).

/** Filesystems that are never worth walking, even with --cross-mounts: kernel views and automounters. */
export const VIRTUAL_FS = new Set([
  'proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf',
  'configfs', 'fusectl', 'mqueue', 'autofs', 'binfmt_misc', 'efivarfs', 'hugetlbfs', 'rpc_pipefs', 'nsfs',
]);

