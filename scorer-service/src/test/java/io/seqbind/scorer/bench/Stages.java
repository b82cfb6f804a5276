package io.seqbind.scorer.bench;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.core.seq.PackedSequencesBuilder;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.SequenceChunk;
import java.util.List;
import java.util.Locale;

/**
 * Where a streamed sequence's CPU time goes: the CPUs' time per sequence over the stream (CPUs x wall /
 * sequences) split into protobuf (the client's packed chunk built and serialised, parsed by the server, the
 * response built, serialised and parsed: measured here on one thread), the checks and one-hot channels of the
 * request path (measured here; the pass expands the channels, so that is in the run),
 * the forward passes (the scorer's inference timer over the stream), and the rest (HTTP/2 transport,
 * thread hand-offs, reply assembly, and idle CPU). The queue wait is reported apart: it is time a chunk
 * waits, not CPU spent.
 */
final class Stages {

  private Stages() {}

  static void report(ModelBundle bundle, List<String> pool, ScoreThroughput.StreamStats stream, int cpus)
      throws Exception {
    int n = RawOrt.BATCH;
    List<String> chunk = pool.subList(0, n);
    int length = pool.get(0).length();
    double protoUs = perSequence(n, () -> {
      PackedSequencesBuilder packed = new PackedSequencesBuilder(n, n * length);
      chunk.forEach(s -> packed.add("", s));
      byte[] wire = ScoreStreamRequest.newBuilder().setChunk(SequenceChunk.newBuilder().setPacked(packed.build()))
          .build().toByteArray();
      InputSequences parsed = InputSequences.of(ScoreStreamRequest.parseFrom(wire).getChunk(), "chunk");
      ModelScores.Builder m = ModelScores.newBuilder().setModelId(bundle.id()).setRows(n).setColumns(1);
      for (int i = 0; i < parsed.size(); i++) {
        m.addScores(i);
      }
      ScoreStreamResponse.parseFrom(ScoreStreamResponse.newBuilder().setCount(n).addModels(m).build().toByteArray());
    });
    PackedSequencesBuilder packed = new PackedSequencesBuilder(n, n * length);
    chunk.forEach(s -> packed.add("", s));
    InputSequences parsed = InputSequences.of(SequenceChunk.newBuilder().setPacked(packed.build()).build(), "chunk");
    byte[] channels = new byte[n * length];
    double encodeUs = perSequence(n, () -> {
      for (int i = 0; i < n; i++) {
        if (parsed.firstInvalid(i) < 0) {
          parsed.channels(i, channels, i * length);
        }
      }
    });
    double totalUs = cpus * stream.seconds() * 1e6 / stream.sequences();
    double runUs = stream.inferenceSeconds() * 1e6 / stream.sequences();
    double restUs = Math.max(0, totalUs - protoUs - encodeUs - runUs);
    double chunks = stream.sequences() / (double) n;
    System.out.printf(Locale.ROOT, "score-bench: stages, CPU us per streamed sequence (share of %d CPUs' time): "
        + "proto %.2f (%.0f%%), checks+channels %.2f (%.0f%%), run %.2f (%.0f%%), transport+reply+idle %.2f (%.0f%%) of "
        + "%.2f; mean queue wait %.2f ms per chunk%n", cpus, protoUs, 100 * protoUs / totalUs, encodeUs,
        100 * encodeUs / totalUs, runUs, 100 * runUs / totalUs, restUs, 100 * restUs / totalUs, totalUs,
        stream.queueSeconds() * 1e3 / chunks);
  }

  private interface Work {
    void run() throws Exception;
  }

  /** Median over 15 timed repetitions (after 5 untimed), per sequence, in microseconds. */
  private static double perSequence(int n, Work work) throws Exception {
    for (int i = 0; i < 5; i++) {
      work.run();
    }
    long[] times = new long[15];
    for (int i = 0; i < times.length; i++) {
      long t0 = System.nanoTime();
      work.run();
      times[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2] / 1e3 / n;
  }
}
