// Bundles the CLI into one CommonJS file: one file to read at start-up, and CommonJS starts faster than ESM on Node 20.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * commander requires node:child_process (11 ms on these machines) for executable subcommands, which secaudit
 * does not use: load it only if something touches it.
 */
const deferChildProcess = {
  name: 'defer-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, () => ({ path: 'deferred-child-process', namespace: 'secaudit' }));
    b.onLoad({ filter: /.*/, namespace: 'secaudit' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_t, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __SECAUDIT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [deferChildProcess],
  logLevel: 'warning',
});
