/** Upper case without one CAP_ prefix, as the daemon reads --cap-add (it adds CAP_ back):
 *  `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` -> `SYS_ADMIN`. */
export function normaliseCap(cap: string): string {
  const upper = cap.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** The Linux capabilities (capability.h, up to CHECKPOINT_RESTORE), as normaliseCap writes them. */
const CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP',
  'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF',
  'CHECKPOINT_RESTORE',
];

/** A capability a policy may name: one of CAPABILITIES in any case, with or without CAP_, or ALL
 *  (but not CAP_ALL, which docker rejects). */
export function isKnownCap(cap: string): boolean {
  if (cap.trim() !== cap) return false;
  if (cap.toUpperCase() === 'ALL') return true;
  return cap.toUpperCase() !== 'CAP_ALL' && CAPABILITIES.includes(normaliseCap(cap));
}
