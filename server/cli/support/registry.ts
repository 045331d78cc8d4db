import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isRecord } from '../../../runtime/engine/registry';
import { isCliCommand, type CliCommand } from './command';

/** server/cli/: every `<name>.ts` there is the command `musubi <name>`. */
const COMMANDS_DIR = new URL('../', import.meta.url);
const COMMAND_NAME = /^[a-z][a-z0-9-]*$/;

/** The command `name`, imported only when asked for (a server command loads a lot). */
export async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!COMMAND_NAME.test(name)) return undefined;
  const file = new URL(`${name}.ts`, COMMANDS_DIR);
  if (!existsSync(fileURLToPath(file))) return undefined;
  const loaded: unknown = await import(file.href);
  const candidate = isRecord(loaded) ? loaded.command : undefined;
  if (!isCliCommand(candidate) || candidate.name !== name) {
    throw new Error(`server/cli/${name}.ts must export \`command\` (a CliCommand named "${name}")`);
  }
  return candidate;
}

/** Every command, by name. One that fails to load is left out rather than hiding all the others. */
export async function listCommands(): Promise<CliCommand[]> {
  const files = await readdir(fileURLToPath(COMMANDS_DIR));
  const names = files
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .filter((name) => COMMAND_NAME.test(name))
    .sort();
  const commands: CliCommand[] = [];
  for (const name of names) {
    const found = await loadCommand(name).catch(() => undefined);
    if (found) commands.push(found);
  }
  return commands;
}
