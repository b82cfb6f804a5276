package io.seqbind.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Bad input ends a command with one line on stderr naming what was wrong (the readers' messages already
 * name file, line and what was expected) and a non-zero exit code, never a stack trace. Set
 * {@code SEQBIND_DEBUG=1} to see the trace of an unexpected failure.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** Exit code for input the command cannot use: bad options, bad files. */
  static final int BAD_INPUT = 2;
  /** Exit code for a failure that is not the input's fault (I/O, a bug). */
  static final int FAILURE = 1;

  /** Statuses that say the request was wrong (the input), not the service. */
  private static final Set<Status.Code> CALLER_ERRORS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
      Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE);

  static CommandLine install(CommandLine commandLine) {
    OneLineErrors handler = new OneLineErrors();
    return commandLine.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandName() + ": " + e.getMessage() + " (see '" + qualifiedName(cmd) + " --help')");
    return BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    boolean badInput = e instanceof IllegalArgumentException || e instanceof io.seqbind.core.io.InputFormatException
        || e instanceof io.seqbind.core.bundle.ModelNotFoundException
        || e instanceof StatusRuntimeException s && CALLER_ERRORS.contains(s.getStatus().getCode());
    String message = e instanceof StatusRuntimeException s
        ? s.getStatus().getCode() + ": " + s.getStatus().getDescription()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println(cmd.getCommandName() + ": " + (badInput ? "" : "error: ") + message);
    if (System.getenv("SEQBIND_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return badInput ? BAD_INPUT : FAILURE;
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getParent() == null ? cmd.getCommandName() : qualifiedName(cmd.getParent()) + " " + cmd.getCommandName();
  }
}
