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
    expect(typeof packed.subtrees.container).toBe('string');
    const container = (JSON.parse(packed.root) as CommandNode).children!.find((c) => c.name === 'container')!;
    expect(Object.keys(container)).not.toContain('children');
    const root = unpackTree(packed);
    expect(findChild(findChild(root, 'container')!, 'ls')?.canonical).toBe('container ls');
    expect(findChild(findChild(root, 'container')!, 'list')?.canonical).toBe('container ls');
    expect(findChild(root, 'ps')?.children).toBeUndefined();
  });

  it('gives a subtree only to the management command it belongs to', () => {
    const packed = packTree(buildRoot());
    const root = unpackTree(packed);
    const groups = root.children!.filter((c) => c.children !== undefined).map((c) => c.name);
    expect(groups.sort()).toEqual(Object.keys(packed.subtrees).sort());
    expect(unpackTree({ root: packed.root, subtrees: {} }).children!.every((c) => c.children === undefined)).toBe(true);
    // Only the record's own keys: an inherited one (`constructor`, `toString`) is no subtree.
    expect(findChild(unpackTree({ root: packed.root, subtrees: Object.create({ ps: '[]' }) as Record<string, string> }), 'ps')?.children).toBeUndefined();
  });

  it('leaves `hidden` out of a node unless it is true', () => {
    const walk = (n: CommandNode): CommandNode[] => [n, ...(n.children ?? []).flatMap(walk)];
    const nodes = walk(buildRoot());
    expect(nodes.filter((n) => 'hidden' in n).every((n) => n.hidden === true)).toBe(true);
    expect(nodes.filter((n) => n.hidden).map((n) => n.canonical).sort()).toEqual(['__complete', '__completeNoDesc', 'completion', 'system dial-stdio']);
  });
});
