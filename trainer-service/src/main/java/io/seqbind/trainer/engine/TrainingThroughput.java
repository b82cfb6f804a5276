package io.seqbind.trainer.engine;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.model.TaskType;
import io.seqbind.trainer.ops.AparapiOps;
import io.seqbind.trainer.ops.DeviceChoice;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput of whole steps (forward, BCE loss, backward, Adam) of the model that
 * {@code bench/torch_deepbind.py --hidden 32} trains: conv F x 24, ReLU, global max, dense 32, ReLU,
 * dropout, one logit, one strand, on random sequences. Run by {@code bench/train_bench.sh}, which
 * times PyTorch in the same run; prints one line per setting:
 * {@code seqbind filters=16 batch=64 samples_per_s=...}.
 *
 * <p>Usage: {@code java -cp cli/target/seqbind.jar io.seqbind.trainer.engine.TrainingThroughput
 * [device] [filters,...] [batches,...] [seconds per setting]}.
 */
public final class TrainingThroughput {

  private static final int LENGTH = 101;

  private TrainingThroughput() {}

  public static void main(String[] args) {
    DeviceChoice device = DeviceChoice.parse(args.length > 0 ? args[0] : "auto");
    int[] filters = ints(args.length > 1 ? args[1] : "16,128");
    int[] batches = ints(args.length > 2 ? args[2] : "64,256");
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
    try (AparapiOps ops = AparapiOps.create(device)) {
      for (int f : filters) {
        for (int b : batches) {
          double rate = samplesPerSecond(spec(f), b, seconds, ops);
          System.out.printf(Locale.ROOT, "seqbind filters=%d batch=%d samples_per_s=%.1f device=%s%n", f, b, rate,
              ops.ranOn());
        }
      }
    }
  }

  static ModelSpec spec(int filters) {
    List<LayerSpec> layers = List.of(new LayerSpec.Conv(filters, 24, 1), new LayerSpec.Relu(),
        new LayerSpec.GlobalPool(PoolMode.MAX), new LayerSpec.Dense(32), new LayerSpec.Relu(),
        new LayerSpec.Dropout(0.5));
    return new ModelSpec("bench_" + filters, layers, new OutputHead(1, TaskType.BINARY), ReverseComplement.OFF);
  }

  /** Steps for {@code seconds} after 20 warm-up steps (the JIT and OpenCL compilation). */
  static double samplesPerSecond(ModelSpec spec, int batch, double seconds, AparapiOps ops) {
    Network net = Network.create(spec, 1, LENGTH, batch, ops, ops);
    List<Hyperparameters> hyper = List.of(Hyperparameters.defaults(OptimizerKind.ADAM));
    Initializer.initialise(net, hyper, 1);
    Optimizer adam = Optimizer.of(OptimizerKind.ADAM);
    // Random data made before the clock starts: 16 batches, used in turn.
    SplittableRandom random = new SplittableRandom(1);
    int pool = 16;
    byte[][] bases = new byte[pool][batch * LENGTH];
    float[][] labels = new float[pool][batch];
    for (int p = 0; p < pool; p++) {
      for (int i = 0; i < bases[p].length; i++) {
        bases[p][i] = (byte) random.nextInt(4);
      }
      for (int i = 0; i < batch; i++) {
        labels[p][i] = random.nextInt(2);
      }
    }
    float[] grad = new float[batch];
    boolean[] active = {true};
    long start = 0;
    long samples = 0;
    for (int step = 1; ; step++) {
      if (step == 21) {
        start = System.nanoTime();
        samples = 0;
      }
      float[] out = net.forward(bases[step % pool], batch, true);
      Loss.BCE_WITH_LOGITS.evaluate(out, labels[step % pool], 1, batch, 1, grad);
      net.backward(grad, batch);
      adam.step(net.params(), hyper, active, step);
      samples += batch;
      if (step > 21 && System.nanoTime() - start > seconds * 1e9) {
        return samples / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
