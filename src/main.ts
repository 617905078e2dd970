import { EXIT, UsageError, type CliCommand, type CliIO } from './cli/command.js';
import { wantsHelp } from './cli/args.js';
import { startCommand } from './cli/commands/start.js';
import { migrateCommand } from './cli/commands/migrate.js';
import { userCommand } from './cli/commands/user.js';
import { peopleCommand } from './cli/commands/people.js';
import { auditCommand } from './cli/commands/audit.js';
import { backupCommand, restoreCommand } from './cli/commands/backup.js';
import { secretsCommand } from './cli/commands/secrets.js';
import { workspaceCommand } from './cli/commands/workspace.js';
import { importCommand } from './cli/commands/import.js';
import { graphCommand } from './cli/commands/graph.js';
import { analyzeCommand } from './cli/commands/analyze.js';
import { publishCommand } from './cli/commands/publish.js';
import { archiveCommand } from './cli/commands/archive.js';
import { linksCommand } from './cli/commands/links.js';
import { customersCommand } from './cli/commands/customers.js';

export const commands: CliCommand[] = [
  startCommand,
  migrateCommand,
  workspaceCommand,
  userCommand,
  auditCommand,
  backupCommand,
  restoreCommand,
  secretsCommand,
  importCommand,
  analyzeCommand,
  graphCommand,
  publishCommand,
  peopleCommand,
  archiveCommand,
  linksCommand,
  customersCommand,
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return ['Sotong (소통) — Social CRM for financial institutions', '', 'Usage: sotong <command> [options]     sotong <command> --help', '', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), ''].join('\n');
}

const defaultIO: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };

/**
 * One clean line for an error: "sotong <command>: <message>", the message's first line, without the
 * command named twice ("sotong analyze: analyze: …") and without a stack.
 */
export function errorLine(name: string, err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  let message = (raw.split('\n').find((l) => l.trim() !== '') ?? raw).trim();
  for (const prefix of [`sotong ${name}: `, `${name}: `]) while (message.startsWith(prefix)) message = message.slice(prefix.length);
  return `sotong ${name}: ${message || 'failed'}`;
}

/** Runs one command line; returns the exit code. Errors become one readable line on stderr. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`sotong: unknown command "${name}" (see sotong --help)\n`);
    return EXIT.usage;
  }
  if (wantsHelp(args)) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${errorLine(name, err)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`${errorLine(name, err)}\n`);
    return EXIT.failure;
  }
}

// Run directly (tsx src/main.ts ...).
if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
