/** True for `node:x` and for bare names of Node builtins (`fs`, `fs/promises`, `path`...). */
export declare function isNodeBuiltin(specifier: string): boolean;
/**
 * Bundles `entry` (the package's built dist file) for platform 'browser' and returns
 * `"<builtin> imported by <module>"` for each Node builtin the bundle reaches; [] when none.
 */
export declare function nodeBuiltinsInBrowserBundle(entry: string | URL): Promise<string[]>;
