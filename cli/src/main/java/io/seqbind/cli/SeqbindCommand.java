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
      ScoreCommand.class, VariantsCommand.class, MutmapCommand.class, MotifsCommand.class, ServeCommand.class,
      ReportCommand.class, CommandLine.HelpCommand.class})
public final class SeqbindCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with seqbind's error handling; tests run commands through this too. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new SeqbindCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    // The footer prints the default search space, which loads the trainer's job classes and protobuf's JSON
    // printer: built when train's help is shown, not at the start of every command.
    commandLine.getSubcommands().get("train").getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> TrainCommand.helpFooter());
    return OneLineErrors.install(commandLine);
  }

  /** Held so the level sticks: the services' INFO lines are for server logs, not a person's terminal. */
  private static final java.util.logging.Logger SERVICE_LOGS = java.util.logging.Logger.getLogger("io.seqbind");

  public static void main(String[] args) {
    if (System.getenv("SEQBIND_DEBUG") == null) {
      SERVICE_LOGS.setLevel(java.util.logging.Level.WARNING);
    }
    System.exit(commandLine().execute(args));
  }
}
