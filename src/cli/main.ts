/**
 * The `procform` command line: parse, run one command, map errors to exit codes.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { buildCommand } from './commands/build.js';
import { idsCommand } from './commands/ids.js';
import { upCommand } from './commands/up.js';
import { switchCommand } from './commands/switch.js';
import { rollbackCommand } from './commands/rollback.js';
import { generationsCommand } from './commands/generations.js';
import { statusCommand } from './commands/status.js';
import { logsCommand } from './commands/logs.js';
import { controlCommand } from './commands/control.js';
import { downCommand } from './commands/down.js';
import { managerCommand } from './commands/manager.js';
import { sysvinitCommand } from './commands/sysvinit.js';
import { imageCommand } from './commands/image.js';
import { imageRunCommand } from './commands/image-run.js';
import { imageUpCommand } from './commands/image-up.js';
import { composeCommand } from './commands/compose.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { testCommand } from './commands/test.js';
import { outcomeOf } from './errors.js';
import { EXIT } from './exit-codes.js';
import { painter } from './style.js';
import { tolerateClosedPipes } from './pipes.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Builds the program with every command. */
export const program = (): Command => {
  const root = new Command('procform')
    .description('Declarative process deployment: describe processes once in TypeScript, run them on any process manager.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    // A command's options belong to it, not to the command above it (`image base -t`).
    .enablePositionalOptions()
    .addHelpText('after', '\nExit codes: 0 ok, 1 partial failure after a switch, 2 refused before any change (invalid model or input), 100 usage, 111 system error.');
  const commands = [
    upCommand(), switchCommand(), rollbackCommand(), generationsCommand(), statusCommand(), logsCommand(),
    controlCommand('start'), controlCommand('stop'), controlCommand('restart'), downCommand(), managerCommand(), sysvinitCommand(), buildCommand(), composeCommand(), idsCommand(), imageCommand(), importCommand(), initCommand(), testCommand(),
  ];
  for (const command of commands) root.addCommand(command);
  root.addCommand(imageRunCommand(), { hidden: true });
  root.addCommand(imageUpCommand(), { hidden: true });
  root.exitOverride();
  const override = (command: Command): void => {
    command.exitOverride().showHelpAfterError('(run with --help for usage)');
    command.commands.forEach(override);
  };
  root.commands.forEach(override);
  return root;
};

/** Runs the CLI with the given arguments; resolves to the exit code. */
export const main = async (argv: readonly string[]): Promise<number> => {
  tolerateClosedPipes();
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    const outcome = outcomeOf(error, painter(process.stderr));
    process.stderr.write(outcome.message);
    return outcome.code;
  }
};
