// Investigation only (bench --investigate): the startup cost of a compiled Bun program that does
// nothing at all, built with the same flags as the shim.
export {};
