#!/usr/bin/env node
// Starts the bundled CLI with a V8 code cache beside it (Node 20 has no module.enableCompileCache):
// compiling the bundle is a large part of start-up. The cache holds the functions that ran when it was made, so it
// is made again (after the run) when it is missing or stale, or when this command is one it was not made with
// (`check` and `probe` run different code): after one run of each, both start from cached code.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');
const { setFlagsFromString } = require('node:v8');

// The probe runs undici's WebAssembly HTTP parser with V8's --liftoff-only (src/probe/undici.ts). V8 rejects a code
// cache made under other flags, so every command runs with it: the cache stays valid for check and probe alike.
setFlagsFromString('--liftoff-only');

const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = `${file}.cache`;
const coveredFile = `${file}.cache-commands`;
const command = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? '';
let cachedData;
let covered = [];
try {
  cachedData = fs.readFileSync(cacheFile);
  covered = fs.readFileSync(coveredFile, 'utf8').split('\n').filter(Boolean);
} catch {
  // No cache (or no record of what made it): it is made after this run.
}
const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const stale = cachedData === undefined || script.cachedDataRejected;
if (stale || (/^(check|probe)$/.test(command) && !covered.includes(command))) {
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      fs.writeFileSync(coveredFile, `${[...(stale ? [] : covered), command].join('\n')}\n`);
    } catch {
      // A read-only install just runs without a cache.
    }
  });
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file));
// import() is not available inside vm-compiled code: rule modules given with --rules are imported from here.
mod.exports.run({ importModule: (url) => import(url) });
