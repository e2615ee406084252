import { describe, expect, it } from 'vitest';
import { allCanonicalPaths, buildRoot, findChild, packTree, unpackTree, type CommandNode } from '../../src/docker/command-tree.js';

// The compiled binary does not build the tree: it unpacks what src/precompute.ts packed at build
// time, each management command's subtree parsed on first use. It must be the same tree.

const roundTrip = (): CommandNode => unpackTree(JSON.parse(JSON.stringify(packTree(buildRoot()))));

describe('command tree: the packed form the binary embeds', () => {
  it('unpacks to exactly the tree the sources build', () => {
    const plain = (n: CommandNode): unknown => JSON.parse(JSON.stringify(n));
    expect(plain(roundTrip())).toEqual(plain(buildRoot()));
    expect(allCanonicalPaths(roundTrip())).toEqual(allCanonicalPaths(buildRoot()));
  });

  it('keeps each subtree as text until it is looked into', () => {
    const packed = packTree(buildRoot());
    const container = packed.children.find((c) => c.name === 'container')!;
    expect(typeof container.childrenJson).toBe('string');
    expect(Object.keys(container)).not.toContain('children');
    const root = unpackTree(packed);
    expect(findChild(findChild(root, 'container')!, 'ls')?.canonical).toBe('container ls');
    expect(findChild(findChild(root, 'container')!, 'list')?.canonical).toBe('container ls');
    expect(findChild(root, 'ps')?.children).toBeUndefined();
  });
});
