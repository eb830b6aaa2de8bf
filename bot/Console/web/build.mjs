// Bundles src/ into dist/: hashed JS and CSS under dist/assets/, index.html pointing at them, the icon beside it.
import { build } from 'esbuild';
import { copyFile, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(here, 'dist');
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await build({
  entryPoints: { app: path.join(here, 'src/main.js') },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['es2020'],
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(dist, path.resolve(file)));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));
const html = (await readFile(path.join(here, 'src/index.html'), 'utf8'))
  .replace('%APP_JS%', `/console/${js}`)
  .replace('%APP_CSS%', `/console/${css}`);
await writeFile(path.join(dist, 'index.html'), html);
await copyFile(path.join(here, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
console.log(`console built: ${js}, ${css}`);
