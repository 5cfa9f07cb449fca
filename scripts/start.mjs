/**
 * Runs a compiled entry of the bot from dist/, building dist/ first when it is missing or older than
 * the sources: `npm start`, `npm run ask`, … stay one command on a fresh clone, and run plain
 * JavaScript (no TypeScript loader at run time). Plain .mjs so that it runs before anything is built.
 *
 *   node scripts/start.mjs src/main.js [args…]   run dist/src/main.js with these arguments
 *   node scripts/start.mjs --build               build now if stale (`npm run build`)
 *   node scripts/start.mjs --prepare             the same at `npm install`; skipped without TypeScript
 *
 * Staleness is a hash of the path, size and mtime of every file the build reads (tsconfig.build.json's
 * `include`, the tsconfigs and package.json), kept in dist/.build-stamp: a few ms of stat calls.
 * Several processes starting at once build once: a lock directory serialises them, the build goes to
 * a temporary folder and replaces dist/ in two renames, so nobody imports a half-written file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp');
const lockDir = path.join(root, 'dist.lock');
const BUILD_CONFIG = 'tsconfig.build.json';
const LOCK_WAIT_MS = 5 * 60_000;

const say = (line) => process.stderr.write(`archivist: ${line}\n`);

/** Every file the build reads, as [relative path, size, mtime]; undefined when the sources are absent. */
function sourceFiles() {
  let config;
  try {
    config = JSON.parse(readFileSync(path.join(root, BUILD_CONFIG), 'utf8'));
  } catch {
    return undefined; // a deployment with dist/ only
  }
  const files = [BUILD_CONFIG, 'tsconfig.json', 'package.json'];
  for (const entry of config.include ?? []) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) {
      for (const rel of readdirSync(full, { recursive: true })) {
        if (statSync(path.join(full, rel)).isFile()) files.push(path.join(entry, rel));
      }
    } else files.push(entry);
  }
  return files.sort().map((rel) => {
    const s = statSync(path.join(root, rel));
    return [rel, s.size, s.mtimeMs];
  });
}

function sourceStamp() {
  const files = sourceFiles();
  return (
    files &&
    createHash('sha256')
      .update(JSON.stringify([process.version, files]))
      .digest('hex')
  );
}

function builtStamp() {
  try {
    return readFileSync(stampFile, 'utf8');
  } catch {
    return undefined;
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Holds the build lock while `body` runs; a lock left by a process that died is taken over. */
function withLock(body) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        // the owner has not written its pid yet
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner))
        rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`another build holds ${lockDir}; remove it if none runs`);
      else sleep(200);
    }
  }
  try {
    return body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Files the code reads beside itself at run time (JSON data, .mjs): tsc copies only what is imported. */
function copyAssets(out) {
  for (const [rel] of sourceFiles() ?? []) {
    if (/\.[cm]?ts$/.test(rel) || !rel.includes(path.sep)) continue; // code, and the top-level configs
    const to = path.join(out, rel);
    if (!existsSync(to)) cpSync(path.join(root, rel), to);
  }
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** Builds dist/ unless it matches the sources. `optional`: without TypeScript, say so and go on. */
function ensureBuilt({ optional = false } = {}) {
  const wanted = sourceStamp();
  if (wanted === undefined) {
    if (existsSync(dist)) return;
    throw new Error(`neither the sources nor ${dist} are here`);
  }
  if (builtStamp() === wanted) return;
  const tsc = typescriptCompiler();
  if (!tsc) {
    const why =
      'TypeScript is not installed (it is a dev dependency): run `npm install`, then `npm run build`';
    if (optional) return say(`dist/ not built: ${why}`);
    throw new Error(`dist/ is ${existsSync(dist) ? 'older than the sources' : 'missing'} and ${why}`);
  }
  withLock(() => {
    const stamp = sourceStamp(); // taken before the build: an edit during it makes the next start rebuild
    if (builtStamp() === stamp) return; // another process built it while this one waited
    say(`building dist/ (${existsSync(dist) ? 'the sources changed' : 'none yet'}) …`);
    const started = Date.now();
    const out = path.join(root, `dist.build-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [tsc, '-p', BUILD_CONFIG, '--outDir', out], {
      cwd: root,
      encoding: 'utf8',
    });
    // tsc exits 2 when it found type errors but wrote every file: run it, as tsx would, and say so.
    if (run.status === 2) say('type errors (dist/ was built anyway; `npm run typecheck` lists them)');
    else if (run.status !== 0) {
      rmSync(out, { recursive: true, force: true });
      throw new Error(`the build failed (tsc -p ${BUILD_CONFIG}):\n${run.stdout}${run.stderr}`.trimEnd());
    }
    copyAssets(out);
    writeFileSync(path.join(out, '.build-stamp'), stamp);
    const old = path.join(root, `dist.old-${process.pid}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(out, dist);
    rmSync(old, { recursive: true, force: true });
    say(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

const [first, ...rest] = process.argv.slice(2);
let entry;
try {
  if (first === '--build' || first === '--prepare') {
    ensureBuilt({ optional: first === '--prepare' });
  } else if (!first || first.startsWith('-')) {
    throw new Error('usage: node scripts/start.mjs <entry in dist/, e.g. src/main.js> [args…] | --build');
  } else {
    ensureBuilt();
    entry = path.join(dist, first);
    if (!existsSync(entry)) throw new Error(`no ${path.relative(root, entry)} in the build`);
  }
} catch (err) {
  say(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
if (entry) {
  // The entry reads its arguments from process.argv.slice(2), as when node runs it directly.
  process.argv = [process.argv[0], entry, ...rest];
  await import(pathToFileURL(entry).href);
}
