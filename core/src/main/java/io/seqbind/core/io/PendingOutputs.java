package io.seqbind.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files and directories that {@link AtomicFiles} and {@link AtomicDirectory} are filling right
 * now. A failed write removes its own in a {@code finally}; SIGINT and SIGTERM do not run those, only shutdown
 * hooks, so one hook removes whatever is still pending when the JVM exits: Ctrl-C during {@code seqbind
 * variants} leaves no hidden {@code .tmp} of many MB behind. (SIGKILL runs nothing; the next write of the same
 * target is unaffected, temporary names being unique.) A command's scratch directory (the in-process services' job
 * directory) is registered the same way, so an interrupted {@code seqbind train} leaves no job files behind either.
 */
public final class PendingOutputs {

  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(PendingOutputs::removeAll, "seqbind-pending-outputs"));
  }

  private PendingOutputs() {}

  /** Marks {@code tmp} (a file or a directory tree) as being written: removed if the JVM exits first. */
  public static void add(Path tmp) {
    PENDING.add(tmp);
  }

  /** {@code tmp} is renamed into place or removed: nothing to clean up. */
  public static void done(Path tmp) {
    PENDING.remove(tmp);
  }

  /** What is being written now (tests). */
  static Set<Path> pending() {
    return Set.copyOf(PENDING);
  }

  static void removeAll() {
    for (Path tmp : PENDING) {
      try {
        AtomicDirectory.deleteTree(tmp);
      } catch (IOException | RuntimeException e) {
        // the JVM is exiting: what cannot be removed stays, as after SIGKILL
      }
    }
    PENDING.clear();
  }
}
