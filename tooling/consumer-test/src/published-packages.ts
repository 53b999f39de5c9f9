import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
  /** Export subpaths such as '.', './node', './weights/*' (without './package.json'). */
  exportPaths: string[];
  /** Export subpaths that name a `types` condition. */
  typedExportPaths: string[];
  /** Peer dependencies marked optional (an entry point may need one the user installs). */
  optionalPeers: string[];
}

/** Every package under packages/ that is not private, i.e. what `pnpm release` publishes. */
export function publishedPackages(): PublishedPackage[] {
  const root = path.join(REPO_ROOT, 'packages');
  return readdirSync(root)
    .sort()
    .map((entry) => path.join(root, entry))
    .flatMap((dir) => {
      let manifest: {
        name: string;
        version: string;
        private?: boolean;
        exports?: Record<string, unknown>;
        peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      };
      try {
        manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      } catch {
        return [];
      }
      if (manifest.private) return [];
      const exportsMap = manifest.exports ?? {};
      const exportPaths = Object.keys(exportsMap).filter((key) => key !== './package.json');
      const typedExportPaths = exportPaths.filter((key) => {
        const target = exportsMap[key];
        return typeof target === 'object' && target !== null && 'types' in target;
      });
      const optionalPeers = Object.entries(manifest.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional === true)
        .map(([peer]) => peer);
      return [{ name: manifest.name, version: manifest.version, dir, exportPaths, typedExportPaths, optionalPeers }];
    });
}

/** The import specifier of an export subpath: '@scope/pkg' for '.', '@scope/pkg/node' for './node'. */
export function specifierOf(pkg: PublishedPackage, exportPath: string): string {
  return exportPath === '.' ? pkg.name : `${pkg.name}/${exportPath.slice(2)}`;
}
