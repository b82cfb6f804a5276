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
import io.seqbind.core.seq.PackedSequencesBuilder;
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
import io.micrometer.core.instrument.Timer;
import io.seqbind.scorer.CpuLimit;
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
 * The scorer's benchmark (bench/score_bench.sh), every comparison measured in one run on one machine, peer
 * and subject interleaved (round by round) so that a neighbour's load hits both alike:
 *
 * <ol>
 *   <li>raw_ort: ONNX Runtime {@code session.run} on a pre-encoded {@code [1024, 4, L]} tensor of the same
 *       model file and the same intra-op threads the scorer uses, spinning off and on (the better counts);
 *   <li>grpc_vs_raw_ort: {@code --sequences} sequences streamed through the service over loopback gRPC
 *       (Netty, ScoreStream, chunks of 1024 in the packed form, default settings) / raw_ort, with each stage's
 *       share of the CPU time per sequence (proto parse+build, checks+channels, run, queue, the rest: transport
 *       and reply);
 *       grpc_messages_vs_raw_ort the same with a {@code Sequence} message per sequence;
 *   <li>batching: {@code --callers} (1,4,16,64) concurrent callers sending one-sequence Score requests, batching
 *       on (the defaults) and off (max batch 1): sequences/s, p50 and p99 latency;
 *   <li>shared_cpu_ratio: the stream again while a competing process keeps every CPU busy / quiet.
 * </ol>
 *
 * <p>Last line: {@code score-bench: raw_ort=R grpc_vs_raw_ort=X batching_gain=Z p99_ratio_1=P
 * shared_cpu_ratio=V grpc_messages_vs_raw_ort=M} (Z at the largest caller count, P = p99 on / off at one caller).
 *
 * usage: ScoreThroughput --store DIR --model REF [--sequences N] [--length L] [--callers 1,4,16,64]
 * [--requests R (per configuration, all callers together)] [--rounds 4] [--shared true]
 * [--batch-bases B (the scorer's max-batch-bases)] [--parts stream,batching,shared (which figures to measure)]
 * [--warmup W (sequences streamed untimed first, 5,000,000; see main)]
 * [--in-flight C] [--batch-threads B] [--intra-op I] [--preferred P,Q] (the scorer's settings; defaults: the
 * scorer's; batching off is max batch 1 with no preferred sizes)
 */
public final class ScoreThroughput {

  private static final int CHUNK = 1024;

  private ScoreThroughput() {}

  public static void main(String[] args) throws Exception {
    Path store = null;
    String modelRef = null;
    long sequences = 500_000;
    int length = 101;
    int[] callers = {1, 4, 16, 64};
    int requests = 6400;
    int rounds = 4;
    boolean shared = true;
    long batchBases = ScorerSettings.Memory.defaults().maxBatchBases();
    List<String> parts = List.of("stream", "batching", "shared");
    int inFlight = ScorerSettings.defaults().maxInFlightChunks();
    int batchThreads = ScorerSettings.defaults().batchThreads();
    int intraOp = ScorerSettings.defaults().intraOpThreads();
    List<Integer> preferred = List.of();
    long warmup = 5_000_000;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--store" -> store = Path.of(v);
        case "--model" -> modelRef = v;
        case "--sequences" -> sequences = Long.parseLong(v);
        case "--length" -> length = Integer.parseInt(v);
        case "--callers" -> callers = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--requests" -> requests = Integer.parseInt(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--shared" -> shared = Boolean.parseBoolean(v);
        case "--batch-bases" -> batchBases = Long.parseLong(v);
        case "--parts" -> parts = List.of(v.split(","));
        case "--in-flight" -> inFlight = Integer.parseInt(v);
        case "--batch-threads" -> batchThreads = Integer.parseInt(v);
        case "--intra-op" -> intraOp = Integer.parseInt(v);
        case "--preferred" -> preferred = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
        case "--warmup" -> warmup = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (store == null || modelRef == null) {
      throw new IllegalArgumentException("usage: ScoreThroughput --store DIR --model REF [--sequences N] ...");
    }
    ModelStore models = new ModelStore(store);
    ModelBundle bundle = models.get(modelRef);
    List<String> pool = pool(length, 8192);
    ScorerSettings.Memory memory = ScorerSettings.Memory.defaults();
    ScorerSettings settings = ScorerSettings.defaults().withCuda(false)
        .withMemory(new ScorerSettings.Memory(memory.maxRequestBases(), batchBases, memory.maxQueuedBases()));
    settings = settings.withThreads(intraOp, settings.interOpThreads(), batchThreads)
        .withLimits(settings.maxSequencesPerRequest(), settings.maxSequenceLength(), inFlight,
            settings.maxQueuedSequences())
        .withPreferredBatchSizes(preferred);
    int threads = settings.effectiveIntraOpThreads();
    int cpus = CpuLimit.processors();
    System.out.printf(Locale.ROOT, "score-bench: model %s (%s), %d sequences of %d bp, %d CPUs, scorer: %d batch "
        + "threads x %d intra-op threads, spinning off; raw ONNX Runtime: 1 caller x %d intra-op threads%n",
        bundle.displayName(), bundle.id().substring(0, 12), sequences, length, cpus, settings.batchThreads(),
        threads, cpus);

    // 1-2: raw ONNX Runtime and the stream, interleaved, after an untimed stream of each: the scorer is a
    // long-running server, and the JIT compiles its request path slowly. Code that runs once per sequence is
    // compiled within the first 300,000 sequences, but code that runs once per chunk (protobuf framing, HTTP/2,
    // gRPC's call machinery, on both ends) reaches C2 only after about 5,000 calls (HotSpot's
    // Tier4InvocationThreshold), i.e. 5,000 chunks: until then it runs as profiled C1 code and the compiler
    // threads take CPU from the passes (StreamCpu, quiet: 0.47-0.50 of raw's CPU per sequence in the first
    // million sequences, 0.68-0.80 after five million). The warm-up's pieces are printed, so the curve is in the
    // log. A Basset run (a few hundred 600-bp sequences a second) sets its own, shorter warm-up.
    long warm = warmup;
    if (parts.contains("stream") && warm > 0) {
      double warmRaw = RawOrt.run(bundle, pool, Math.min(warm, sequences), cpus, false);
      long piece = Math.min(warm, 1_000_000);
      for (long done = 0; done < warm; done += piece) {
        double rate = streamed(models, bundle, pool, piece, settings, true).perSecond;
        System.out.printf(Locale.ROOT, "score-bench: warm-up, %d sequences streamed: %.0f/s (%.2f of raw)%n",
            done + piece, rate, rate / warmRaw);
      }
      streamed(models, bundle, pool, Math.min(warm / 3, 1_000_000), settings, false);
    }
    double rawOff = 0;
    double rawOn = 0;
    double grpc = 0;
    double grpcMessages = 0;
    StreamStats stats = null;
    for (int r = 0; r < (parts.contains("stream") ? rounds : 0); r++) {
      rawOff += RawOrt.run(bundle, pool, sequences, cpus, false);
      rawOn += RawOrt.run(bundle, pool, sequences, cpus, true);
      // The form that goes second finds more of the shared gRPC path compiled: alternate.
      for (boolean packed : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
        StreamStats s = streamed(models, bundle, pool, sequences, settings, packed);
        if (packed) {
          stats = s;
          grpc += s.perSecond;
        } else {
          grpcMessages += s.perSecond;
        }
      }
      System.out.printf(Locale.ROOT, "score-bench: round %d: raw session.run %.0f/s (spinning off), %.0f/s (on); "
          + "gRPC ScoreStream %.0f/s packed, %.0f/s as messages%n", r + 1, rawOff / (r + 1), rawOn / (r + 1),
          grpc / (r + 1), grpcMessages / (r + 1));
    }
    rawOff /= rounds;
    rawOn /= rounds;
    grpc /= rounds;
    grpcMessages /= rounds;
    double raw = Math.max(rawOff, rawOn);
    System.out.printf(Locale.ROOT, "score-bench: raw ONNX Runtime session.run, pre-encoded [%d, 4, %d]: %.0f "
        + "sequences/s (spinning off %.0f, on %.0f)%n", CHUNK, length, raw, rawOff, rawOn);
    System.out.printf(Locale.ROOT, "score-bench: gRPC ScoreStream over loopback: %.0f sequences/s with packed chunks "
        + "(%.2f of raw), %.0f/s with a Sequence message per sequence (%.2f)%n", grpc, grpc / raw, grpcMessages,
        grpcMessages / raw);
    if (stats != null) {
      Stages.report(bundle, pool, stats, cpus);
    }

    // 3: batching on and off at each caller count, interleaved.
    ScorerSettings off = settings.withPreferredBatchSizes(List.of()).withBatching(1, Duration.ZERO);
    // The request path's code is compiled by the JIT during the first calls: warm it up before either side
    // is timed, so that neither pays for it. Code that runs once per call reaches C2 after about 5,000 calls
    // (as the stream's per-chunk code above), so each side gets 6,400 untimed calls: with 800, the first
    // configuration timed (one caller) still measured 0.92 where the same configuration later gave 0.98.
    double gain = Double.NaN;
    double p99Ratio = Double.NaN;
    if (parts.contains("batching")) {
      concurrent(models, bundle, pool, 4, 1600, settings); // 4 callers x 1,600
      concurrent(models, bundle, pool, 4, 1600, off);
    }
    for (int c : parts.contains("batching") ? callers : new int[0]) {
      int perCaller = Math.max(20, requests / c);
      double[] on = new double[3];
      double[] single = new double[3];
      // Untimed first: the first run at a new caller count was slower whichever side it was (an A/A run, both
      // sides batching on, measured 0.92-0.93 at 1 and 64 callers without this), and the order below, on-off
      // then off-on, puts "on" first.
      concurrent(models, bundle, pool, c, Math.max(20, perCaller / 4), settings);
      for (int r = 0; r < rounds; r++) {
        // Alternating which side goes first cancels what the order does (a neighbour's load, GC, caches).
        boolean onFirst = r % 2 == 0;
        add(onFirst ? on : single, concurrent(models, bundle, pool, c, perCaller, onFirst ? settings : off));
        add(onFirst ? single : on, concurrent(models, bundle, pool, c, perCaller, onFirst ? off : settings));
      }
      for (int i = 0; i < 3; i++) {
        on[i] /= rounds;
        single[i] /= rounds;
      }
      System.out.printf(Locale.ROOT, "score-bench: %2d callers x 1-sequence requests: batching on %.0f/s p50 %.2f ms "
          + "p99 %.2f ms | off %.0f/s p50 %.2f ms p99 %.2f ms | gain %.2f%n", c, on[0], on[1], on[2], single[0],
          single[1], single[2], on[0] / single[0]);
      gain = on[0] / single[0];
      if (c == 1) {
        p99Ratio = on[2] / single[2];
      }
    }

    // 4: the stream beside a process that keeps every CPU busy, quiet and busy interleaved.
    double sharedRatio = Double.NaN;
    if (shared && parts.contains("shared")) {
      double quiet = 0;
      double busy = 0;
      for (int r = 0; r < rounds; r++) {
        quiet += streamed(models, bundle, pool, sequences / 2, settings, true).perSecond;
        try (BusyProcess hog = new BusyProcess(cpus)) {
          busy += streamed(models, bundle, pool, sequences / 2, settings, true).perSecond;
        }
      }
      sharedRatio = busy / quiet;
      System.out.printf(Locale.ROOT, "score-bench: gRPC ScoreStream beside %d busy-looping processes: %.0f/s, quiet "
          + "%.0f/s (%.2f; a fair share is 0.5)%n", cpus, busy / rounds, quiet / rounds, sharedRatio);
    }
    System.out.printf(Locale.ROOT, "score-bench: raw_ort=%.0f grpc_vs_raw_ort=%.2f batching_gain=%.2f p99_ratio_1=%.2f"
        + " shared_cpu_ratio=%.2f grpc_messages_vs_raw_ort=%.2f%n", raw, grpc / raw, gain, p99Ratio, sharedRatio,
        grpcMessages / raw);
    System.exit(0);
  }

  private static void add(double[] sum, double[] x) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += x[i];
    }
  }

  static List<String> pool(int length, int n) {
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

  /**
   * The pool cut into chunks of {@link #CHUNK}, built once (a bulk client's own cost is reading its input):
   * packed ({@code PackedSequences}, one bytes field) or one {@code Sequence} message per sequence.
   */
  static List<SequenceChunk> chunks(List<String> pool, boolean packed) {
    List<SequenceChunk> chunks = new ArrayList<>();
    for (int from = 0; from + CHUNK <= pool.size(); from += CHUNK) {
      SequenceChunk.Builder c = SequenceChunk.newBuilder();
      List<String> part = pool.subList(from, from + CHUNK);
      if (packed) {
        PackedSequencesBuilder p = new PackedSequencesBuilder(CHUNK, CHUNK * part.get(0).length());
        part.forEach(seq -> p.add("", seq));
        c.setPacked(p.build());
      } else {
        part.forEach(seq -> c.addSequences(Sequence.newBuilder().setBases(seq)));
      }
      chunks.add(c.build());
    }
    return chunks;
  }

  /** Throughput of a stream and the scorer's own timers over it. */
  record StreamStats(double perSecond, long sequences, double seconds, double inferenceSeconds,
      double queueSeconds) {}

  static StreamStats streamed(ModelStore models, ModelBundle bundle, List<String> pool, long total,
      ScorerSettings settings, boolean packed) throws Exception {
    try (Served served = new Served(models, settings)) {
      List<SequenceChunk> chunks = chunks(pool, packed);
      stream(served, bundle, chunks, Math.min(total, 20 * CHUNK)); // warm-up
      Timer inference = served.registry.get("seqbind.scorer.inference").timer();
      Timer queue = served.registry.get("seqbind.scorer.queue.wait").timer();
      double inference0 = inference.totalTime(TimeUnit.SECONDS);
      double queue0 = queue.totalTime(TimeUnit.SECONDS);
      long start = System.nanoTime();
      stream(served, bundle, chunks, total);
      double seconds = (System.nanoTime() - start) / 1e9;
      long n = (total + CHUNK - 1) / CHUNK * CHUNK;
      return new StreamStats(n / seconds, n, seconds, inference.totalTime(TimeUnit.SECONDS) - inference0,
          queue.totalTime(TimeUnit.SECONDS) - queue0);
    }
  }

  /** Sends chunks while the transport is ready (client-side flow control), reads every response. */
  static void stream(Served served, ModelBundle bundle, List<SequenceChunk> chunks, long total)
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
  static double[] concurrent(ModelStore models, ModelBundle bundle, List<String> pool, int clients,
      int requests, ScorerSettings settings) throws Exception {
    try (Served served = new Served(models, settings)) {
      ScorerServiceGrpc.ScorerServiceBlockingStub stub = ScorerServiceGrpc.newBlockingStub(served.channel);
      ModelRef ref = ModelRef.newBuilder().setId(bundle.id()).build();
      for (int i = 0; i < 100; i++) { // warm-up
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
  static final class Served implements AutoCloseable {
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
