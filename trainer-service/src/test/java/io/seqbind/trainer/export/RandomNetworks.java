package io.seqbind.trainer.export;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.engine.Param;
import io.seqbind.trainer.ops.JavaOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Engine networks with random parameters for export tests: He-scaled weights, non-zero biases, and batch-norm
 * scales, shifts and running statistics away from their identity initialisation (so an exporter that mixed
 * up mean and variance, or scale and shift, would be caught). Runs on {@link JavaOps}, the engine's reference.
 */
final class RandomNetworks {

  private RandomNetworks() {}

  static Network create(ModelSpec spec, int models, int length, long seed) {
    JavaOps ops = new JavaOps();
    Network network = Network.create(spec, models, length, 64, ops, ops);
    SplittableRandom random = new SplittableRandom(seed);
    for (Param p : network.params()) {
      float[] v = p.value();
      for (int i = 0; i < v.length; i++) {
        if (p.weight()) {
          v[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / p.fanIn()));
        } else if (p.name().endsWith(".gamma")) {
          v[i] = (float) (0.5 + random.nextDouble());
        } else {
          v[i] = (float) (0.2 * random.nextGaussian());
        }
      }
    }
    for (Map.Entry<String, float[]> e : network.store().buffers().entrySet()) {
      float[] v = e.getValue();
      boolean variance = e.getKey().endsWith(".running_var");
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (variance ? 0.3 + 2 * random.nextDouble() : 0.5 * random.nextGaussian());
      }
    }
    return network;
  }

  /**
   * As {@link #create}, then the batch-norm running statistics of a trained model: {@code spec}'s batch-norm
   * layers get momentum 1, so one training pass over {@code n} random sequences leaves each layer's running
   * mean and variance equal to that batch's statistics of its input. Random statistics that do not match
   * the activations (as in {@link #create}) blow up values by up to 1/sqrt(var) per layer, and deep models
   * (Basset) then lose more than 1e-5 to float rounding in any two summation orders.
   */
  static Network createCalibrated(ModelSpec spec, int models, int length, long seed) {
    List<LayerSpec> layers = new ArrayList<>();
    for (LayerSpec layer : spec.layers()) {
      layers.add(layer instanceof LayerSpec.BatchNorm b ? new LayerSpec.BatchNorm(b.epsilon(), 1.0) : layer);
    }
    ModelSpec calibrated = new ModelSpec(spec.name(), layers, spec.head(), spec.reverseComplement());
    Network network = create(calibrated, models, length, seed);
    int n = network.capacity();
    byte[] bases = bases(models * n, length, 0.05, new SplittableRandom(seed + 7));
    network.forward(bases, n, true);
    return network;
  }

  /**
   * The same models (weights and batch-norm statistics) with reverse-complement mode OFF: what each strand
   * alone scores, the reference for the exported graph's {@code forward} and {@code reverse} outputs.
   */
  static Network singleStrand(Network network) {
    JavaOps ops = new JavaOps();
    Network single = Network.create(network.spec().withReverseComplement(ReverseComplement.OFF), network.models(),
        network.length(), network.capacity(), ops, ops);
    for (int m = 0; m < network.models(); m++) {
      single.store().restore(m, network.store().snapshot(m));
    }
    return single;
  }

  /** The reverse complements of {@code n} base-code sequences (A,C,G,T = 0..3 pair as 3 - code; N stays N). */
  static byte[] reverseComplements(byte[] bases, int n, int length) {
    byte[] rc = new byte[bases.length];
    for (int s = 0; s < n; s++) {
      for (int p = 0; p < length; p++) {
        byte b = bases[s * length + length - 1 - p];
        rc[s * length + p] = b < 4 ? (byte) (3 - b) : b;
      }
    }
    return rc;
  }

  /** {@code n} random base codes 0..3 of {@code length}, with about {@code ambiguous} of them 4 (N). */
  static byte[] bases(int n, int length, double ambiguous, SplittableRandom random) {
    byte[] bases = new byte[n * length];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = (byte) (random.nextDouble() < ambiguous ? 4 : random.nextInt(4));
    }
    return bases;
  }

  /**
   * The model contract's one-hot input {@code [n, 4, length]} for base codes, written here independently of
   * the engine (which never builds one-hot arrays): A, C, G, T channels, 0.25 in each for code 4.
   */
  static float[] oneHot(byte[] bases, int n, int length) {
    float[] x = new float[n * 4 * length];
    for (int s = 0; s < n; s++) {
      for (int p = 0; p < length; p++) {
        int b = bases[s * length + p];
        for (int c = 0; c < 4; c++) {
          x[(s * 4 + c) * length + p] = b == 4 ? 0.25f : (b == c ? 1f : 0f);
        }
      }
    }
    return x;
  }
}
