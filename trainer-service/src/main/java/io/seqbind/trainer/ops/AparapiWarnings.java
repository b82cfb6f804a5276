package io.seqbind.trainer.ops;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records Aparapi's last warning on this thread: Aparapi gives the reason of a fallback to Java only in its
 * log, and {@link KernelLauncher} puts it into the error it raises.
 */
final class AparapiWarnings extends Handler {
  private static final ThreadLocal<String> LAST = new ThreadLocal<>();
  private static volatile boolean installed;

  static synchronized void install() {
    if (!installed) {
      Logger.getLogger(com.aparapi.Config.getLoggerName()).addHandler(new AparapiWarnings());
      installed = true;
    }
  }

  static void clear() {
    LAST.remove();
  }

  static String last() {
    return LAST.get();
  }

  @Override
  public void publish(LogRecord r) {
    if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
      LAST.set(r.getMessage());
    }
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
  }
}
