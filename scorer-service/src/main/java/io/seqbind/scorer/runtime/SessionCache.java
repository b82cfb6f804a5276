package io.seqbind.scorer.runtime;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.scorer.ScorerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open models by id, least recently used closed first when there are more than {@code capacity} of them or
 * their files add up to more than {@code maxBytes}. A caller holds a {@link Lease} while it scores, and an
 * evicted model is closed only when its last lease ends, so eviction never pulls a session from under a
 * running batch. Opening goes through {@link ModelStore#get(ModelRef)}, which checks model.onnx against its
 * id (BundleException, FAILED_PRECONDITION); a bundle that failed is tried again on the next request.
 *
 * <p>A model stays trustworthy only while its bundle does: on use, at most every {@code recheckEvery}, the
 * bundle's files are stat-ed, and when their size, time or inode changed, or {@code rehashEvery} has passed
 * since the last full check, the bundle is checked again the way every service opens it
 * ({@link ModelStore#get(ModelRef)}: manifest parses, model.onnx matches its id). A bundle that fails is
 * closed and refused with the store's error, so the scorer agrees with GetModel, ScoreVcf and ExtractMotifs
 * instead of serving a model from memory whose file is gone or corrupt.
 */
public final class SessionCache implements AutoCloseable {

  private final ModelStore store;
  private final ModelLoader loader;
  private final int capacity;
  private final long maxBytes;
  private final ScorerMetrics metrics;
  /** Access-ordered: iteration starts at the least recently used. Guarded by {@code this}. */
  private final LinkedHashMap<String, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
  private final ConcurrentHashMap<String, Object> loadLocks = new ConcurrentHashMap<>();
  private long openBytes;
  private final long recheckNanos;
  private final long rehashNanos;

  public SessionCache(ModelStore store, ModelLoader loader, int capacity, long maxBytes, ScorerMetrics metrics) {
    this(store, loader, capacity, maxBytes, metrics, Duration.ofMillis(250), Duration.ofSeconds(60));
  }

  /**
   * @param recheckEvery how often, at most, a loaded model's bundle files are stat-ed on use
   * @param rehashEvery  how old a full check (sha256 of model.onnx) may get before a use repeats it
   */
  public SessionCache(ModelStore store, ModelLoader loader, int capacity, long maxBytes, ScorerMetrics metrics,
      Duration recheckEvery, Duration rehashEvery) {
    this.recheckNanos = recheckEvery.toNanos();
    this.rehashNanos = rehashEvery.toNanos();
    this.store = store;
    this.loader = loader;
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.metrics = metrics;
    metrics.loadedModels(this::size);
  }

  public int capacity() {
    return capacity;
  }

  public synchronized int size() {
    return open.size();
  }

  public synchronized boolean isLoaded(String id) {
    return open.containsKey(id);
  }

  /**
   * The open model with this manifest's id, opening it if needed. Close the lease when done.
   *
   * @throws io.seqbind.core.bundle.BundleException         when model.onnx does not match its id
   * @throws io.seqbind.core.bundle.ModelNotFoundException  when the bundle has gone
   */
  public Lease acquire(ModelInfo info) {
    String id = info.getId();
    Lease lease = tryLease(id);
    if (lease != null) {
      recheck(lease);
      metrics.cacheHits().increment();
      return lease;
    }
    // One load per id at a time; other ids load in parallel.
    synchronized (loadLocks.computeIfAbsent(id, k -> new Object())) {
      lease = tryLease(id);
      if (lease != null) {
        recheck(lease);
        metrics.cacheHits().increment();
        return lease;
      }
      metrics.cacheMisses().increment();
      Opened opened = open(id);
      InferenceModel model = opened.model;
      Entry entry = new Entry(model, Instant.now(), opened.dir, opened.stamp, System.nanoTime());
      List<Entry> evicted = new ArrayList<>();
      synchronized (this) {
        open.put(id, entry);
        openBytes += model.memoryBytes();
        entry.refs++;
        Iterator<Map.Entry<String, Entry>> lru = open.entrySet().iterator();
        while ((open.size() > capacity || openBytes > maxBytes) && lru.hasNext()) {
          Entry e = lru.next().getValue();
          if (e == entry) {
            continue; // the model just asked for stays, even when it alone is over the byte bound
          }
          lru.remove();
          openBytes -= e.model.memoryBytes();
          e.retired = true;
          if (e.refs == 0) {
            evicted.add(e);
          }
        }
      }
      evicted.forEach(e -> e.model.close());
      return new Lease(entry);
    }
  }

  /**
   * Checks the bundle of a leased model again when its schedule says so; on failure retires the model
   * (closed when its last lease ends), ends this lease and throws the store's error.
   */
  private void recheck(Lease lease) {
    Entry e = lease.entry;
    long now = System.nanoTime();
    if (now - e.checkedNanos < recheckNanos) {
      return;
    }
    synchronized (e) {
      if (now - e.checkedNanos < recheckNanos) {
        return; // another caller checked meanwhile
      }
      BundleStamp stamp = BundleStamp.of(e.dir);
      if (stamp.equals(e.stamp) && now - e.hashedNanos < rehashNanos) {
        e.checkedNanos = now;
        return;
      }
      try {
        // Stamp taken before the check: a change during the check is seen on the next use.
        verified(e.model.info().getId());
        e.stamp = stamp;
        e.hashedNanos = now;
        e.checkedNanos = now;
      } catch (RuntimeException failure) {
        retire(e);
        lease.close();
        metrics.bundleRefusals().increment();
        throw failure;
      }
    }
  }

  private ModelBundle verified(String id) {
    try {
      return store.get(ModelRef.newBuilder().setId(id).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + id + ": " + e.getMessage(), e);
    }
  }

  /** Takes a model out of the cache; it is closed when its last lease ends. */
  private void retire(Entry e) {
    synchronized (this) {
      if (open.get(e.model.info().getId()) == e) {
        open.remove(e.model.info().getId());
        openBytes -= e.model.memoryBytes();
      }
      e.retired = true;
    }
  }

  private record Opened(InferenceModel model, Path dir, BundleStamp stamp) {}

  private Opened open(String id) {
    ModelBundle bundle = verified(id);
    BundleStamp stamp = BundleStamp.of(bundle.dir()); // after the check: a later change differs from it
    try {
      return new Opened(loader.load(bundle), bundle.dir(), stamp);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // The file matches its id but the runtime cannot use it (not ONNX, an operator it lacks): the store
      // holds a bad model, not the request (FAILED_PRECONDITION).
      throw new io.seqbind.core.bundle.BundleException("model " + bundle.displayName() + " (" + id
          + "): ONNX Runtime cannot open " + bundle.onnxFile() + ": " + e.getMessage(), e);
    }
  }

  private synchronized Lease tryLease(String id) {
    Entry e = open.get(id);
    if (e == null) {
      return null;
    }
    e.refs++;
    return new Lease(e);
  }

  private void release(Entry e) {
    boolean close;
    synchronized (this) {
      e.refs--;
      close = e.retired && e.refs == 0;
    }
    if (close) {
      e.model.close();
    }
  }

  /** The open models, least recently used first. */
  public synchronized List<LoadedModelView> loaded() {
    List<LoadedModelView> views = new ArrayList<>();
    for (Entry e : open.values()) {
      views.add(new LoadedModelView(e.model.info(), e.loadTime, e.lastUsed, e.scored.get()));
    }
    return views;
  }

  @Override
  public void close() {
    List<Entry> all;
    synchronized (this) {
      all = new ArrayList<>(open.values());
      open.clear();
      openBytes = 0;
      for (Entry e : all) {
        e.retired = true;
      }
    }
    for (Entry e : all) {
      synchronized (this) {
        if (e.refs > 0) {
          continue; // its last lease closes it
        }
      }
      e.model.close();
    }
  }

  /** What GetRuntimeInfo reports about an open model. */
  public record LoadedModelView(ModelInfo info, Instant loadTime, Instant lastUsed, long sequencesScored) {}

  private static final class Entry {
    final InferenceModel model;
    final Instant loadTime;
    volatile Instant lastUsed;
    final AtomicLong scored = new AtomicLong();
    final Path dir;
    int refs;
    boolean retired;
    // Re-verification state; written under the entry's monitor.
    volatile BundleStamp stamp;
    volatile long checkedNanos;
    volatile long hashedNanos;

    Entry(InferenceModel model, Instant loadTime, Path dir, BundleStamp stamp, long verifiedNanos) {
      this.model = model;
      this.loadTime = loadTime;
      this.lastUsed = loadTime;
      this.dir = dir;
      this.stamp = stamp;
      this.checkedNanos = verifiedNanos;
      this.hashedNanos = verifiedNanos;
    }
  }

  /** Use of an open model; close it exactly once when the work using the model has finished. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public InferenceModel model() {
      return entry.model;
    }

    /** Counts sequences for GetRuntimeInfo and marks the model used now. */
    public void recordScored(long sequences) {
      entry.scored.addAndGet(sequences);
      entry.lastUsed = Instant.now();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        release(entry);
      }
    }
  }
}
