/** Whether `p` is `dir` or lies below it, on a path-segment boundary (`/home/ai2` is not below `/home/ai`). */
export function atOrBelow(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);
}
