/** Upper case without one CAP_ prefix, as the daemon reads --cap-add (it adds CAP_ back):
 *  `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` -> `SYS_ADMIN`. */
export function normaliseCap(cap: string): string {
  const upper = cap.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}
