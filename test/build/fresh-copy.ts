import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What a fresh clone holds for the build and the bot (no dist/, no var/), with this tree's node_modules. */
export async function freshClone(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'archivist-clone-'));
  for (const part of ['src', 'commands', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
    await cp(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  await cp(path.join(ROOT, 'data/articles'), path.join(dir, 'data/articles'), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * A deployment with the build only: dist/, the start script, package.json and the articles, and a
 * node_modules holding only the production dependencies of package-lock.json, without tsx (a
 * development tool). Nothing from TypeScript's sources or the dev packages can be reached.
 */
export async function productionCopy(builtClone: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'archivist-prod-'));
  for (const part of ['dist', 'scripts/start.mjs', 'package.json', 'data/articles'])
    await cp(path.join(builtClone, part), path.join(dir, part), { recursive: true });
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [key, info] of Object.entries(lock.packages)) {
    const name = key.replace(/^node_modules\//, '');
    if (!key.startsWith('node_modules/') || name.includes('/node_modules/')) continue; // nested: inside its parent
    if (info.dev || name === 'tsx') continue;
    const to = path.join(dir, 'node_modules', name);
    await mkdir(path.dirname(to), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', name), to, 'dir');
  }
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command as a user would from `cwd`, with a clean environment (no chat tokens, no .env). */
export function run(cwd: string, command: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
        timeout: 120_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}
