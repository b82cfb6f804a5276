package io.seqbind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seqbind} command; each job is a subcommand. */
@Command(
    name = "seqbind",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train, score and interpret CNN models of protein-DNA/RNA binding.",
    subcommands = {SimulateCommand.class, ShuffleCommand.class, TrainCommand.class, EvaluateCommand.class,
      CommandLine.HelpCommand.class})
public final class SeqbindCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with seqbind's error handling; tests run commands through this too. */
  static CommandLine commandLine() {
    return OneLineErrors.install(new CommandLine(new SeqbindCommand()).setCaseInsensitiveEnumValuesAllowed(true));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
