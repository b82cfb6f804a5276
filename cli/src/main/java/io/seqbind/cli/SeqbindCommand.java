package io.seqbind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seqbind} command; each job is a subcommand. */
@Command(
    name = "seqbind",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train, score and interpret CNN models of protein-DNA/RNA binding.",
    subcommands = {CommandLine.HelpCommand.class})
public final class SeqbindCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SeqbindCommand()).execute(args));
  }
}
