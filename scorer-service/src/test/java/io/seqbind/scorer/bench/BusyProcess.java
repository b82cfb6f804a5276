package io.seqbind.scorer.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Competing load for the shared-CPU figure: one busy-looping shell process per CPU, the way a neighbour
 * on the same node (or the rest of a pod's CPU quota) takes the cores. Stopped by close().
 */
final class BusyProcess implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();

  BusyProcess(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      processes.add(new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true).start());
    }
    Thread.sleep(200); // let them take the CPUs
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor();
    }
  }
}
