// JSON.parse keeps the last of two equal keys in an object without a word, so a policy that says
// `"allow": ["ps"]` and later `"allow": ["exec"]` would mean the second silently. Pure; the text
// must already have parsed as JSON. A loop over characters: it runs on every docker call under a
// policy file (pflag.ts findLong says why no Array builtins).

/** The first key that appears twice in one object (escapes decoded, as JSON.parse compares them), with its object's path. */
export function duplicateKey(text: string): string | undefined {
  const stack: Array<{ keys: string[] | undefined; path: string; expectKey: boolean; lastKey: string | undefined }> = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys !== undefined && top.expectKey) {
        const raw = text.slice(i + 1, j);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (top.keys.includes(key)) return `${top.path}${JSON.stringify(key)}`;
        top.keys.push(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      const path = parent === undefined ? '' : `${parent.path}${parent.keys !== undefined ? JSON.stringify(parent.lastKey) : '[]'}.`;
      stack.push({ keys: ch === '{' ? [] : undefined, path, expectKey: ch === '{', lastKey: undefined });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys !== undefined) top.expectKey = true;
    }
    i++;
  }
  return undefined;
}
