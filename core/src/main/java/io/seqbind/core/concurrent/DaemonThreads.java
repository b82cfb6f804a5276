package io.seqbind.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads named for what they do ({@code name-1}, {@code name-2}, ...) that never keep the JVM alive: a
 * service's shutdown (a signal, Quarkus's stop) must not wait on a pool someone forgot to close.
 */
public final class DaemonThreads implements ThreadFactory {

  private final String name;
  private final boolean numbered;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreads(String name, boolean numbered) {
    this.name = name;
    this.numbered = numbered;
  }

  /** Threads called {@code name-1}, {@code name-2}, ... */
  public static DaemonThreads named(String name) {
    return new DaemonThreads(name, true);
  }

  /** Threads all called {@code name}: for a pool of one. */
  public static DaemonThreads single(String name) {
    return new DaemonThreads(name, false);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, numbered ? name + "-" + count.incrementAndGet() : name);
    thread.setDaemon(true);
    return thread;
  }
}
