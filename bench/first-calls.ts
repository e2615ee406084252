// Investigation only (bench --investigate, compiled like the shim): what the first call of a
// built-in costs in a fresh Bun process. JSC implements several Array methods in JavaScript and
// compiles each on its first call; the shim runs once per docker call, so it only ever pays first
// calls. Prints `name<TAB>µs` for each, timed in this order; the second `filter` row shows the
// same call once compiled.
const xs = ['alpha', 'beta', 'gamma'];
let sink = 0;
const rows: Array<[string, number]> = [];
const time = (name: string, f: () => unknown): void => {
  const t = performance.now();
  const r = f();
  rows.push([name, (performance.now() - t) * 1000]);
  if (r === sink) sink++;
};
time('a for-of loop', () => {
  for (const x of xs) sink += x.length;
});
time('filter', () => xs.filter((x) => x !== 'beta'));
time('filter, second call', () => xs.filter((x) => x !== 'gamma'));
time('map', () => xs.map((x) => x.length));
time('find', () => xs.find((x) => x === 'gamma'));
time('some', () => xs.some((x) => x === 'delta'));
time('every', () => xs.every((x) => x !== ''));
time('forEach', () => xs.forEach((x) => (sink += x.length)));
time('sort', () => [...xs].sort((a, b) => b.length - a.length));
time('includes', () => xs.includes('delta'));
time('Object.keys', () => Object.keys({ a: 1, b: 2 }));
process.stdout.write(`${rows.map(([n, us]) => `${n}\t${us.toFixed(1)}`).join('\n')}\n`);
if (sink < 0) process.stdout.write('\n');
