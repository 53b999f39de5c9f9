import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, REPO_ROOT, specifierOf, type PublishedPackage } from './published-packages.js';
import { readmeSnippet } from './readme-snippet.js';
import { runCommand } from './run-command.js';

const require = createRequire(import.meta.url);
const packages = publishedPackages();
const work = mkdtempSync(path.join(os.tmpdir(), 'genmodels-consumer-'));
const tarballDir = path.join(work, 'tarballs');
const unpackedDir = path.join(work, 'unpacked');
const consumerDir = path.join(work, 'consumer');
const tarballs = new Map<string, string>();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

beforeAll(() => {
  mkdirSync(tarballDir);
  for (const pkg of packages) {
    const before = new Set(readdirSync(tarballDir));
    runCommand('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: pkg.dir });
    const created = readdirSync(tarballDir).filter((f) => !before.has(f));
    expect(created, `pnpm pack of ${pkg.name}`).toHaveLength(1);
    const tarball = path.join(tarballDir, created[0]!);
    tarballs.set(pkg.name, tarball);
    const into = path.join(unpackedDir, pkg.name);
    mkdirSync(into, { recursive: true });
    runCommand('tar', ['-xzf', tarball, '-C', into], { cwd: work });
  }
});

afterAll(() => {
  if (!process.env.GENMODELS_KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
  else console.log(`consumer project kept in ${work}`);
});

describe('the packed tarballs', () => {
  it('are one per published package, with resolved internal dependency ranges', () => {
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@genmodels/backend', '@genmodels/core-nn', '@genmodels/vae']));
    for (const pkg of packages) {
      const manifest = readFileSync(path.join(unpackedDir, pkg.name, 'package', 'package.json'), 'utf8');
      expect(manifest, `${pkg.name}: workspace: ranges must be rewritten by pnpm pack`).not.toMatch(/workspace:/);
    }
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s: publint finds no error or warning', async (_, pkg: PublishedPackage) => {
    const tarball = readFileSync(tarballs.get(pkg.name)!);
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer },
      level: 'warning',
    });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, manifest) ?? m.code}`)).toEqual([]);
  });

  // What `attw --pack --profile esm-only` checks (the packages are ESM-only: node10 and node16-cjs
  // resolutions are not offered), run in-process on the pnpm-packed tarball so that TypeScript loads once.
  it.each(packages.map((p) => [p.name, p] as const))('%s: arethetypeswrong (ESM-only profile) finds no types problem', async (_, pkg: PublishedPackage) => {
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarballs.get(pkg.name)!))));
    expect(analysis.types, `${pkg.name} ships no types`).toBeTruthy();
    const problems = 'problems' in analysis ? analysis.problems : [];
    const relevant = problems.filter((p) => !('resolutionKind' in p) || !['node10', 'node16-cjs'].includes(p.resolutionKind));
    expect(relevant.map((p) => JSON.stringify(p))).toEqual([]);
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s: every source map and sourceMappingURL points at a file in the tarball', (_, pkg: PublishedPackage) => {
    const root = path.join(unpackedDir, pkg.name, 'package');
    const missing: string[] = [];
    for (const file of filesUnder(root).filter((f) => /\.(m?js|d\.ts|map)$/.test(f))) {
      const text = readFileSync(path.join(root, file), 'utf8');
      const referenced = /\/\/# sourceMappingURL=(?!data:)(\S+)\s*$/.exec(text)?.[1];
      if (referenced !== undefined && !existsSync(path.resolve(root, path.dirname(file), referenced))) missing.push(`${file} -> ${referenced}`);
      if (file.endsWith('.map')) {
        const map = JSON.parse(text) as { sources?: string[]; sourceRoot?: string; sourcesContent?: unknown[] };
        if (map.sourcesContent !== undefined) continue; // sources embedded
        for (const source of map.sources ?? []) {
          if (!existsSync(path.resolve(root, path.dirname(file), map.sourceRoot ?? '', source))) missing.push(`${file} -> ${source}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('a clean npm project outside the workspace', () => {
  beforeAll(() => {
    expect(path.relative(REPO_ROOT, consumerDir).startsWith('..'), 'the consumer project must be outside the workspace').toBe(true);
    mkdirSync(consumerDir);
    const dependencies: Record<string, string> = { '@tensorflow/tfjs-core': '4.22.0' };
    for (const [name, tarball] of tarballs) dependencies[name] = `file:${tarball}`;
    writeFileSync(
      path.join(consumerDir, 'package.json'),
      JSON.stringify({ name: 'genmodels-consumer', private: true, type: 'module', dependencies, devDependencies: { '@types/node': '^20.19.0' } }, null, 2),
    );
    // Only the npm registry is reached (TF.js and the packages' other dependencies); the npm cache
    // serves what it already has.
    runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: consumerDir, timeoutMs: 200_000 });
  });

  it("runs the README's snippet as written (ESM)", () => {
    const snippet = readmeSnippet();
    for (const name of snippet.install) {
      expect(existsSync(path.join(consumerDir, 'node_modules', ...name.split('/'))), `${name} from the README's npm i line`).toBe(true);
    }
    writeFileSync(path.join(consumerDir, 'readme-snippet.mjs'), snippet.code);
    const output = runCommand(process.execPath, ['readme-snippet.mjs'], { cwd: consumerDir, env: { ...process.env, GENMODELS_BACKEND: '' } });
    expect(output).toMatch(/loss \d+(\.\d+)?/);
  });

  it('imports every export path of every package', () => {
    const lines: string[] = [];
    for (const pkg of packages) {
      for (const exportPath of pkg.exportPaths) {
        if (exportPath.includes('*')) {
          // A file pattern (eval's ./weights/*): one real file of the tarball must resolve through it.
          const [prefix] = exportPath.slice(2).split('*');
          const dir = path.join(consumerDir, 'node_modules', ...pkg.name.split('/'), prefix!);
          const first = filesUnder(dir)[0];
          expect(first, `${pkg.name} ${exportPath}: no file shipped under ${prefix}`).toBeDefined();
          lines.push(`if (!existsSync(fileURLToPath(import.meta.resolve(${JSON.stringify(`${pkg.name}/${prefix}${first}`)})))) throw new Error('unresolved');`);
          continue;
        }
        const specifier = specifierOf(pkg, exportPath);
        // An entry point may need an optional peer this project did not install (core-nn's ./testing
        // needs vitest): then the import must fail for exactly that reason.
        lines.push(
          `try { const m = await import(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('${specifier} exports nothing'); console.log('ok ${specifier}'); }`,
          `catch (e) { const peer = ${JSON.stringify(pkg.optionalPeers)}.find((p) => e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes("'" + p + "'")); if (peer === undefined) throw e; console.log('ok ${specifier} (needs the optional peer ' + peer + ')'); }`,
        );
      }
    }
    writeFileSync(
      path.join(consumerDir, 'import-all.mjs'),
      ["import { existsSync } from 'node:fs';", "import { fileURLToPath } from 'node:url';", ...lines].join('\n'),
    );
    const output = runCommand(process.execPath, ['import-all.mjs'], { cwd: consumerDir });
    const expected = packages.flatMap((p) => p.exportPaths.filter((e) => !e.includes('*')).map((e) => `ok ${specifierOf(p, e)}`));
    expect(output.trim().split('\n').map((line) => line.replace(/ \(needs the optional peer [^)]+\)$/, ''))).toEqual(expected);
  });

  it('type-checks a TypeScript consumer of every typed export and the snippet (module nodenext, no skipLibCheck)', () => {
    const imports = packages.flatMap((p) => p.typedExportPaths.map((e, i) => `import * as ${p.name.replace(/\W/g, '_')}_${i} from '${specifierOf(p, e)}';`));
    const uses = packages.flatMap((p) => p.typedExportPaths.map((_, i) => `${p.name.replace(/\W/g, '_')}_${i}`));
    writeFileSync(
      path.join(consumerDir, 'consumer.ts'),
      [
        ...imports,
        "import { VAE } from '@genmodels/vae';",
        `export const modules = [${uses.join(', ')}];`,
        "const vae: VAE = new VAE({ inputShape: [784], latentDim: 8 });",
        'export const latentShape: readonly number[] = vae.latentShape;',
      ].join('\n'),
    );
    writeFileSync(path.join(consumerDir, 'readme-snippet.ts'), readmeSnippet().code);
    writeFileSync(
      path.join(consumerDir, 'tsconfig.json'),
      JSON.stringify({
        // No `types` list: tfjs-core's declarations use the global Long of @types/long, as a default config finds it.
        compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false },
        files: ['consumer.ts', 'readme-snippet.ts'],
      }),
    );
    const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumerDir });
  });
});
