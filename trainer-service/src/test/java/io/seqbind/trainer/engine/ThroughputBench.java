package io.seqbind.trainer.engine;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.trainer.ops.JavaOps;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training throughput with JavaOps (forward, loss, backward, Adam update), on demand only:
 * {@code ./mvnw -o test -pl trainer-service -Dtest=ThroughputBench -Dseqbind.bench=true}.
 */
@EnabledIfSystemProperty(named = "seqbind.bench", matches = "true")
class ThroughputBench {

  @Test
  void deepBindSamplesPerSecond() {
    Batch data = SimulatedData.ctcf(4096, 101, 1);
    for (ReverseComplement rc : new ReverseComplement[] {ReverseComplement.OFF, ReverseComplement.MAX}) {
      for (int batch : new int[] {64, 256}) {
        ModelSpec spec = Presets.byName("deepbind").withReverseComplement(rc);
        System.out.printf("deepbind (16x24, 32 hidden) rc=%s batch %d L=101: %.0f samples/s%n", rc, batch,
            rate(spec, data, batch));
      }
    }
  }

  private static double rate(ModelSpec spec, Batch data, int batch) {
    JavaOps ops = new JavaOps();
    Network net = Network.create(spec, 1, data.length(), batch, ops, ops);
    List<Hyperparameters> hyper = List.of(Hyperparameters.defaults(OptimizerKind.ADAM));
    Initializer.initialise(net, hyper, 1);
    Optimizer adam = Optimizer.of(OptimizerKind.ADAM);
    float[] grad = new float[batch];
    float[] labels = new float[batch];
    byte[] bases = new byte[batch * data.length()];
    boolean[] active = {true};
    long start = 0;
    int samples = 0;
    int steps = 0;
    for (int step = 1; ; step++) {
      if (step == 21) { // warm-up for the JIT
        start = System.nanoTime();
        samples = 0;
      }
      int from = (step * batch) % (data.n() - batch);
      System.arraycopy(data.bases(), from * data.length(), bases, 0, bases.length);
      System.arraycopy(data.labels(), from, labels, 0, batch);
      float[] out = net.forward(bases, batch, true);
      Loss.BCE_WITH_LOGITS.evaluate(out, labels, 1, batch, 1, grad);
      net.backward(grad, batch);
      adam.step(net.params(), hyper, active, step);
      samples += batch;
      if (step > 21 && System.nanoTime() - start > 3e9) {
        return samples / ((System.nanoTime() - start) / 1e9);
      }
    }
  }
}
