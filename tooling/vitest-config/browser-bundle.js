// Bundles a package's built entry for the browser and reports every Node builtin it reaches, so a
// test fails when `node:fs` (or `fs`, `path`, `crypto`...) creeps into a browser entry.
// Usage in a package test:
//   import { nodeBuiltinsInBrowserBundle } from '@genmodels/vitest-config/browser-bundle';
//   expect(await nodeBuiltinsInBrowserBundle(new URL('../dist/index.js', import.meta.url))).toEqual([]);
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Globals that exist in Node but not in a browser or worker, as they appear in use. */
const NODE_GLOBALS = [
  ['setImmediate', /\bsetImmediate\s*\(/],
  ['clearImmediate', /\bclearImmediate\s*\(/],
  ['process', /\bprocess\.(env|pid|platform|argv|cwd|exit|hrtime|nextTick|stdout|stderr|versions|once|on)\b/],
  ['Buffer', /\bBuffer\.(from|alloc|concat|isBuffer)\b/],
  ['__dirname', /\b__dirname\b/],
  ['__filename', /\b__filename\b/],
  ['require', /(^|[^.\w])require\s*\(/],
];

/** True for `node:x` and for bare names of Node builtins (`fs`, `fs/promises`, `path`...). */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier);
}

/**
 * Bundles `entry` (a file URL or path; the package's built dist file) with rolldown for
 * platform 'browser' (so package.json `browser` fields and `browser` export conditions apply) and
 * returns `"<builtin> imported by <module>"` for each Node builtin import, static or dynamic, that
 * the bundle reaches and that no `browser` field maps away. An empty array means the entry runs in a browser without Node shims.
 * Bare imports that do not resolve are reported too: a browser cannot load them either, and so
 * are Node-only globals (setImmediate, process.env, Buffer, __dirname, require) used unguarded in
 * genmodels' own modules (`typeof setImmediate === 'function'` guards are allowed). Third-party
 * modules are not scanned for globals: tfjs-core guards its own Node paths.
 *
 * @param {string | URL} entry
 * @returns {Promise<string[]>}
 */
export async function nodeBuiltinsInBrowserBundle(entry) {
  const input = entry instanceof URL ? fileURLToPath(entry) : entry;
  if (!existsSync(input)) throw new Error(`${input} does not exist: build the package first (pnpm build)`);
  const found = [];
  const bundle = await rolldown({
    input,
    platform: 'browser',
    logLevel: 'silent',
    treeshake: false,
    plugins: [
      {
        name: 'report-node-builtins',
        async resolveId(source, importer) {
          if (!isNodeBuiltin(source)) return null;
          // A package's `browser` field may map a builtin to false (tfjs-core: util, crypto;
          // seedrandom: crypto): the bundler then substitutes an empty module, which is fine.
          const resolved = await this.resolve(source, importer, { skipSelf: true });
          if (resolved !== null && resolved.id.startsWith('\0rolldown/empty')) return null;
          found.push(`${source} imported by ${importer ?? '(entry)'}`);
          return { id: source, external: true };
        },
      },
    ],
    onLog(level, log) {
      if (log.code === 'UNRESOLVED_IMPORT') found.push(`unresolved import: ${log.message}`);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'esm' });
    for (const chunk of output) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, module] of Object.entries(chunk.modules)) {
        if (!/[\\/](packages|apps)[\\/]|@genmodels[\\/]/.test(id) || /node_modules[\\/](?!@genmodels)/.test(id)) continue;
        const code = (module.code ?? '').replace(/typeof\s+\w+\s*===?\s*['"]\w+['"]\s*\)?\s*(&&|\?|\{)[^;]*/g, '');
        for (const [name, pattern] of NODE_GLOBALS) if (pattern.test(code)) found.push(`Node global ${name} used by ${id}`);
      }
    }
  } finally {
    await bundle.close();
  }
  return [...new Set(found)].sort();
}
