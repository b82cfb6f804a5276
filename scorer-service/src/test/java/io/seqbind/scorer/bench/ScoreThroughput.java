package io.seqbind.scorer.bench;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.seq.OneHot;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import io.seqbind.proto.v1.SequenceChunk;
import io.seqbind.scorer.ScorerRuntime;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.InferenceModel;
import io.seqbind.scorer.runtime.OnnxModelLoader;
import io.seqbind.scorer.runtime.ProviderChoice;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scorer's benchmark (bench/score_bench.sh), two comparisons measured in one run on one machine:
 *
 * <ol>
 *   <li>grpc_vs_inprocess: {@code --sequences} sequences of {@code --length} bases streamed through the
 *       service over loopback gRPC (Netty, ScoreStream, chunks of 1024) against ONNX Runtime called directly
 *       in-process (one-hot encoding + session run in chunks of 1024) on the same model and intra-op threads.
 *   <li>batching_gain: {@code --clients} concurrent clients each sending {@code --requests} one-sequence Score
 *       requests, with dynamic batching on (max batch 256, max wait 2 ms) and off (max batch 1); sequences/s
 *       and p50/p99 latency of each.
 * </ol>
 *
 * usage: ScoreThroughput --store DIR --model REF [--sequences N] [--length L] [--threads T] [--clients C]
 * [--requests R]
 */
public final class ScoreThroughput {

  private static final int CHUNK = 1024;

  private ScoreThroughput() {}

  public static void main(String[] args) throws Exception {
    Path store = null;
    String modelRef = null;
    long sequences = 1_000_000;
    int length = 101;
    int threads = Runtime.getRuntime().availableProcessors();
    int clients = 64;
    int requests = 200;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--store" -> store = Path.of(v);
        case "--model" -> modelRef = v;
        case "--sequences" -> sequences = Long.parseLong(v);
        case "--length" -> length = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--requests" -> requests = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (store == null || modelRef == null) {
      throw new IllegalArgumentException("usage: ScoreThroughput --store DIR --model REF [--sequences N] ...");
    }
    ModelStore models = new ModelStore(store);
    ModelBundle bundle = models.get(modelRef);
    List<String> pool = pool(length, 8192);
    System.out.printf(Locale.ROOT, "score-bench: model %s (%s), %d sequences of %d bp, %d intra-op threads%n",
        bundle.displayName(), bundle.id().substring(0, 12), sequences, length, threads);

    double inProcess = inProcess(bundle, pool, sequences, threads);
    System.out.printf(Locale.ROOT, "score-bench: in-process ONNX Runtime: %.0f sequences/s%n", inProcess);
    ScorerSettings streaming = ScorerSettings.defaults().withBatching(CHUNK, Duration.ofMillis(2))
        .withThreads(threads, 1, 1).withCuda(false);
    double grpc = streamed(models, bundle, pool, sequences, streaming);
    System.out.printf(Locale.ROOT, "score-bench: gRPC ScoreStream over loopback: %.0f sequences/s%n", grpc);

    ScorerSettings on = ScorerSettings.defaults().withBatching(256, Duration.ofMillis(2))
        .withThreads(threads, 1, 1).withCuda(false);
    ScorerSettings off = on.withBatching(1, Duration.ZERO);
    double[] batched = concurrent(models, bundle, pool, clients, requests, on);
    System.out.printf(Locale.ROOT, "score-bench: %d clients x 1-sequence requests, batching on:  %.0f sequences/s,"
        + " p50 %.2f ms, p99 %.2f ms%n", clients, batched[0], batched[1], batched[2]);
    double[] single = concurrent(models, bundle, pool, clients, requests, off);
    System.out.printf(Locale.ROOT, "score-bench: %d clients x 1-sequence requests, batching off: %.0f sequences/s,"
        + " p50 %.2f ms, p99 %.2f ms%n", clients, single[0], single[1], single[2]);
    System.out.printf(Locale.ROOT, "score-bench: grpc_vs_inprocess=%.2f batching_gain=%.2f%n", grpc / inProcess,
        batched[0] / single[0]);
    System.exit(0);
  }

  private static List<String> pool(int length, int n) {
    SplittableRandom random = new SplittableRandom(1);
    List<String> pool = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      char[] s = new char[length];
      for (int p = 0; p < length; p++) {
        s[p] = "ACGT".charAt(random.nextInt(4));
      }
      pool.add(new String(s));
    }
    return pool;
  }

  /** One caller thread: encode a chunk, run it, as a program using ONNX Runtime directly would. */
  private static double inProcess(ModelBundle bundle, List<String> pool, long total, int threads) throws Exception {
    InferenceModel model = new OnnxModelLoader(ProviderChoice.choose(false), threads, 1, false).load(bundle);
    try {
      float[] buffer = new float[CHUNK * 4 * pool.get(0).length()];
      run(model, pool, Math.min(total, 20 * CHUNK), buffer); // warm-up
      long start = System.nanoTime();
      run(model, pool, total, buffer);
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      model.close();
    }
  }

  private static void run(InferenceModel model, List<String> pool, long total, float[] buffer) throws Exception {
    int length = pool.get(0).length();
    for (long done = 0; done < total; done += CHUNK) {
      int n = (int) Math.min(CHUNK, total - done);
      int from = (int) (done % pool.size());
      List<String> chunk = from + n <= pool.size() ? pool.subList(from, from + n) : pool.subList(0, n);
      OneHot.encodeBatch(chunk, buffer);
      float[] input = n == CHUNK ? buffer : Arrays.copyOf(buffer, n * 4 * length);
      model.run(input, n, length);
    }
  }

  private static double streamed(ModelStore models, ModelBundle bundle, List<String> pool, long total,
      ScorerSettings settings) throws Exception {
    try (Served served = new Served(models, settings)) {
      List<SequenceChunk> chunks = new ArrayList<>();
      for (int from = 0; from + CHUNK <= pool.size(); from += CHUNK) {
        SequenceChunk.Builder c = SequenceChunk.newBuilder();
        pool.subList(from, from + CHUNK).forEach(s -> c.addSequences(Sequence.newBuilder().setBases(s)));
        chunks.add(c.build());
      }
      stream(served, bundle, chunks, Math.min(total, 20 * CHUNK)); // warm-up
      long start = System.nanoTime();
      stream(served, bundle, chunks, total);
      return total / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Sends chunks while the transport is ready (client-side flow control), reads every response. */
  private static void stream(Served served, ModelBundle bundle, List<SequenceChunk> chunks, long total)
      throws Exception {
    CompletableFuture<Void> end = new CompletableFuture<>();
    AtomicLong received = new AtomicLong();
    long chunkCount = (total + CHUNK - 1) / CHUNK;
    ScorerServiceGrpc.newStub(served.channel).scoreStream(
        new ClientResponseObserver<ScoreStreamRequest, ScoreStreamResponse>() {
          long sent;

          @Override
          public void beforeStart(ClientCallStreamObserver<ScoreStreamRequest> requests) {
            requests.setOnReadyHandler(() -> {
              synchronized (this) {
                if (sent == 0) {
                  requests.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
                      .addModels(ModelRef.newBuilder().setId(bundle.id()))).build());
                }
                while (requests.isReady() && sent < chunkCount) {
                  requests.onNext(ScoreStreamRequest.newBuilder().setChunk(chunks.get((int) (sent % chunks.size())))
                      .build());
                  sent++;
                }
                if (sent == chunkCount) {
                  sent++;
                  requests.onCompleted();
                }
              }
            });
          }

          @Override
          public void onNext(ScoreStreamResponse r) {
            received.addAndGet(r.getCount());
          }

          @Override
          public void onError(Throwable t) {
            end.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            end.complete(null);
          }
        });
    end.get(30, TimeUnit.MINUTES);
    if (received.get() != chunkCount * CHUNK) {
      throw new IllegalStateException("received " + received.get() + " scores for " + chunkCount * CHUNK);
    }
  }

  /** {sequences/s, p50 ms, p99 ms} of clients each sending one-sequence requests back to back. */
  private static double[] concurrent(ModelStore models, ModelBundle bundle, List<String> pool, int clients,
      int requests, ScorerSettings settings) throws Exception {
    try (Served served = new Served(models, settings)) {
      ScorerServiceGrpc.ScorerServiceBlockingStub stub = ScorerServiceGrpc.newBlockingStub(served.channel);
      ModelRef ref = ModelRef.newBuilder().setId(bundle.id()).build();
      for (int i = 0; i < 200; i++) { // warm-up
        stub.score(request(ref, pool.get(i)));
      }
      ExecutorService pool64 = Executors.newFixedThreadPool(clients);
      long[][] latencies = new long[clients][requests];
      try {
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
          int client = c;
          done.add(pool64.submit(() -> {
            for (int r = 0; r < requests; r++) {
              ScoreRequest req = request(ref, pool.get((client * requests + r) % pool.size()));
              long t0 = System.nanoTime();
              stub.score(req);
              latencies[client][r] = System.nanoTime() - t0;
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "score-bench:   (max batch %d: mean batch %.1f sequences over %d passes)%n",
            settings.maxBatchSize(), served.registry.get("seqbind.scorer.batch.size").summary().mean(),
            served.registry.get("seqbind.scorer.batch.size").summary().count());
        return new double[] {
            all.length / seconds, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6};
      } finally {
        pool64.shutdownNow();
      }
    }
  }

  private static ScoreRequest request(ModelRef ref, String bases) {
    return ScoreRequest.newBuilder().addModels(ref)
        .setBatch(SequenceBatch.newBuilder().addSequences(Sequence.newBuilder().setBases(bases))).build();
  }

  /** A scorer on a loopback Netty server and a channel to it. */
  private static final class Served implements AutoCloseable {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ScorerRuntime runtime;
    final Server server;
    final ManagedChannel channel;

    Served(ModelStore models, ScorerSettings settings) throws Exception {
      runtime = ScorerRuntime.create(models, settings, registry);
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(runtime.service())
          .maxInboundMessageSize(64 << 20)
          .build()
          .start();
      channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
          .maxInboundMessageSize(64 << 20).build();
    }

    @Override
    public void close() throws Exception {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      runtime.close();
    }
  }
}
