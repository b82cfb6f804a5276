package io.seqbind.variant.testing;

import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * What most tests share: a two-contig genome (chr2 holds a run of N), the PWM scorer served in-process with
 * two models — "bind" (binary, one task, 21-base windows) and "reg" (regression, two tasks, 30-base
 * windows) — and a WindowScorer with a small batch size so batching is exercised.
 */
public final class Fixture implements AutoCloseable {

  public static final String BIND_ID = "b".repeat(64);
  public static final String REG_ID = "c".repeat(64);

  public final TestGenome genome;
  public final PwmScorer scorer = new PwmScorer();
  public final InProcess server;
  public final ModelInfo bindInfo = PwmScorer.info(BIND_ID, "bind", 21, 6, false);
  public final ModelInfo regInfo = PwmScorer.info(REG_ID, "reg", 30, 6, true);
  public final double[][] pwm = pwm(6, 11);
  public final ScoringModel bind = ScoringModel.of(bindInfo);
  public final ScoringModel reg = ScoringModel.of(regInfo);
  public final WindowScorer windowScorer;
  /** The genome's FASTA opened as the services open it, on first use; closed with the fixture. */
  private ReferenceGenome reference;

  public Fixture(Path dir) throws IOException {
    String chr2 = TestGenome.random(2, 60) + "NNNNNNNNNN" + TestGenome.random(3, 60);
    genome = new TestGenome(dir, Map.of("chr1", TestGenome.random(1, 300), "chr2", chr2));
    scorer.add(new PwmScorer.TestModel(bindInfo, pwm));
    scorer.add(new PwmScorer.TestModel(regInfo, pwm));
    server = new InProcess(ScorerServiceGrpc.bindService(scorer));
    windowScorer = new WindowScorer(ScorerServiceGrpc.newBlockingStub(server.channel), 7);
  }

  /** The genome through {@link ReferenceGenome} (htsjdk, .fai), opened once and closed by {@link #close}. */
  public ReferenceGenome reference() {
    if (reference == null) {
      reference = ReferenceGenome.open(genome.fasta);
    }
    return reference;
  }

  public ScorerServiceGrpc.ScorerServiceBlockingStub stub() {
    return ScorerServiceGrpc.newBlockingStub(server.channel);
  }

  /** A reproducible, asymmetric log-odds matrix (so strands and positions matter). */
  public static double[][] pwm(int width, long seed) {
    Random rng = new Random(seed);
    double[][] m = new double[4][width];
    for (int b = 0; b < 4; b++) {
      for (int k = 0; k < width; k++) {
        m[b][k] = Math.round((rng.nextDouble() * 4 - 2) * 100) / 100.0;
      }
    }
    return m;
  }

  /** The combined score the models' task 0 gives a window: max of both strands' best log-odds. */
  public float pwmScore(String window) {
    return (float) Math.max(PwmScorer.bestLogOdds(pwm, window),
        PwmScorer.bestLogOdds(pwm, PwmScorer.revcomp(window)));
  }

  @Override
  public void close() throws InterruptedException {
    if (reference != null) {
      reference.close();
    }
    server.close();
  }
}
