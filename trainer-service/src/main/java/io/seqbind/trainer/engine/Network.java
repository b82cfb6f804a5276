package io.seqbind.trainer.engine;

import io.seqbind.core.model.FeatureShape;
import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;
import io.seqbind.trainer.ops.PoolOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * M models of one architecture, evaluated together on {@code [models][n][length]} base codes, for one input
 * length and a batch capacity. In reverse-complement mode the reverse-complemented sequences are appended
 * to each model's batch (so every layer sees {@code 2n} samples through the same weights) and the head's
 * scores of the two strands are combined per task: by max, whose gradient goes to the winning strand only,
 * or by mean, which gives each strand half.
 *
 * <p>Which code runs each layer (the given ops, host loops, or the fused first layers) is decided by
 * {@link OpPlan}, logged once per ops instance and plan.
 */
public final class Network {

  private final ModelSpec spec;
  private final ParamStore store;
  private final ConvOps convOps;
  private final PoolOps poolOps;
  private final int models;
  private final int length;
  private final int capacity;
  private final int tasks;
  private final boolean bothStrands;
  private final float[] dropoutRates;
  private final OpPlan plan;
  private final BasesConvLayer first;
  /** Set instead of {@link #first} when the plan fuses conv, ReLU, global max on the host. */
  private final BasesConvReluMaxLayer fused;
  private final List<Layer> layers = new ArrayList<>();
  private final List<DropoutLayer> dropouts = new ArrayList<>();
  private final List<BatchNormLayer> batchNorms = new ArrayList<>();
  private final byte[] strands;
  private final float[] combined;
  private final byte[] winner;
  private final float[] strandGrad;

  /**
   * @param dropoutRates per model, the rate of every dropout layer; NaN keeps each layer's spec rate
   * @param dropoutSeed  seeds the dropout masks
   */
  public Network(ModelSpec spec, ParamStore store, int length, int capacity, ConvOps convOps, PoolOps poolOps,
      float[] dropoutRates, long dropoutSeed) {
    this.spec = spec;
    this.store = store;
    this.convOps = convOps;
    this.poolOps = poolOps;
    this.models = store.models();
    this.length = length;
    this.capacity = capacity;
    this.tasks = spec.head().tasks();
    this.bothStrands = spec.reverseComplement() != ReverseComplement.OFF;
    this.dropoutRates = dropoutRates.clone();
    if (dropoutRates.length != models) {
      throw new IllegalArgumentException("one dropout rate per model: " + models + " expected");
    }
    if (length < spec.minimumLength()) {
      throw new IllegalArgumentException("sequence length " + length + " is shorter than the minimum "
          + spec.minimumLength() + " of model " + spec.name());
    }
    int inner = bothStrands ? 2 * capacity : capacity;
    List<FeatureShape> shapes = spec.shapes(length);
    LayerSpec.Conv c0 = (LayerSpec.Conv) spec.layers().get(0);
    // Where each layer runs (the given ops, host loops, the fused first layers): decided and logged by the plan.
    this.plan = new OpPlan(spec, models, inner, length, convOps);
    plan.logOnce();
    boolean fuse = plan.fusesFirstLayers();
    first = fuse ? null
        : new BasesConvLayer(convOps, store, 0, models, inner, length, c0.filters(), c0.width(), c0.dilation());
    fused = fuse
        ? new BasesConvReluMaxLayer(store, 0, models, inner, length, c0.filters(), c0.width(), c0.dilation())
        : null;
    for (int i = fuse ? 3 : 1; i < spec.layers().size(); i++) {
      layers.add(build(spec.layers().get(i), i, shapes.get(i), inner, dropoutSeed));
    }
    FeatureShape last = shapes.get(shapes.size() - 1);
    int head = spec.layers().size();
    layers.add(ConvLayer.dense(plan.convOps(head), plan.denseLoops(head), store, "head", head, models, inner,
        last.channels(), last.length(), tasks));
    this.strands = bothStrands ? new byte[models * inner * length] : null;
    this.combined = new float[models * capacity * tasks];
    this.winner = new byte[combined.length];
    this.strandGrad = bothStrands ? new float[models * inner * tasks] : null;
  }

  /** A new network of {@code models} models with zero parameters (see {@link Initializer}). */
  public static Network create(ModelSpec spec, int models, int length, int capacity, ConvOps convOps,
      PoolOps poolOps) {
    float[] rates = new float[models];
    Arrays.fill(rates, Float.NaN);
    return new Network(spec, new ParamStore(models), length, capacity, convOps, poolOps, rates, 0L);
  }

  /** The same models (shared parameters) for another length or batch capacity, e.g. to score. */
  public Network reshaped(int newLength, int newCapacity) {
    return new Network(spec, store, newLength, newCapacity, convOps, poolOps, dropoutRates, 0L);
  }

  private Layer build(LayerSpec layer, int index, FeatureShape in, int inner, long seed) {
    if (layer instanceof LayerSpec.Conv c) {
      return new ConvLayer(plan.convOps(index), plan.denseLoops(index), store, "layer" + index, index,
          new ConvShape(models, inner, in.channels(), in.length(), c.filters(), c.width(), c.dilation()));
    } else if (layer instanceof LayerSpec.Relu) {
      return new ReluLayer(models, inner, in.size());
    } else if (layer instanceof LayerSpec.GlobalPool g) {
      return new GlobalPoolLayer(poolOps, g.mode(), models, inner, in.channels(), in.length());
    } else if (layer instanceof LayerSpec.LocalMaxPool p) {
      return new LocalMaxPoolLayer(poolOps, models, inner, in.channels(), in.length(), p.window(), p.stride());
    } else if (layer instanceof LayerSpec.Dropout d) {
      float[] rates = new float[models];
      for (int m = 0; m < models; m++) {
        rates[m] = Float.isNaN(dropoutRates[m]) ? (float) d.rate() : dropoutRates[m];
      }
      DropoutLayer dropout = new DropoutLayer(models, inner, in.size(), rates, seed * 31 + index);
      dropouts.add(dropout);
      return dropout;
    } else if (layer instanceof LayerSpec.Dense d) {
      return ConvLayer.dense(plan.convOps(index), plan.denseLoops(index), store, "layer" + index, index, models,
          inner, in.channels(), in.length(), d.units());
    } else if (layer instanceof LayerSpec.BatchNorm b) {
      BatchNormLayer bn = new BatchNormLayer(store, index, models, inner, in.channels(), in.length(), b.epsilon(),
          b.momentum());
      batchNorms.add(bn);
      return bn;
    }
    throw new IllegalArgumentException("unsupported layer " + layer);
  }

  /**
   * Scores {@code n <= capacity} sequences per model. {@code bases} is {@code [models][n][length]}; the
   * result, {@code [models][n][tasks]}, is a buffer reused by the next call.
   *
   * @param training dropout on and batch statistics (and their running averages) updated
   */
  public float[] forward(byte[] bases, int n, boolean training) {
    if (n < 1 || n > capacity) {
      throw new IllegalArgumentException("batch of " + n + " outside 1.." + capacity);
    }
    int inner = bothStrands ? 2 * n : n;
    byte[] in = bothStrands ? withReverseComplements(bases, n) : bases;
    float[] x = fused != null ? fused.forward(in, inner) : first.forward(in, inner);
    for (Layer layer : layers) {
      x = layer.forward(x, inner, training);
    }
    if (!bothStrands) {
      System.arraycopy(x, 0, combined, 0, models * n * tasks);
      return combined;
    }
    boolean max = spec.reverseComplement() == ReverseComplement.MAX;
    for (int m = 0; m < models; m++) {
      for (int i = 0; i < n * tasks; i++) {
        float forward = x[m * 2 * n * tasks + i];
        float reverse = x[(m * 2 * n + n) * tasks + i];
        int o = m * n * tasks + i;
        winner[o] = (byte) (reverse > forward ? 1 : 0); // ties go to the forward strand
        combined[o] = max ? Math.max(forward, reverse) : 0.5f * (forward + reverse);
      }
    }
    return combined;
  }

  /** Each model's sequences followed by their reverse complements: {@code [models][2n][length]}. */
  private byte[] withReverseComplements(byte[] bases, int n) {
    for (int m = 0; m < models; m++) {
      System.arraycopy(bases, m * n * length, strands, 2 * m * n * length, n * length);
      for (int s = 0; s < n; s++) {
        int from = (m * n + s) * length;
        int to = ((2 * m + 1) * n + s) * length;
        for (int p = 0; p < length; p++) {
          byte b = bases[from + length - 1 - p];
          strands[to + p] = b == 4 ? 4 : (byte) (3 - b); // A<->T, C<->G in the 0..3 order A,C,G,T
        }
      }
    }
    return strands;
  }

  /**
   * Back-propagates {@code gradOutput} ({@code [models][n][tasks]}, the loss gradient of the last forward
   * call's result) and leaves every parameter's gradient in {@link Param#grad()} (overwritten).
   */
  public void backward(float[] gradOutput, int n) {
    int inner = bothStrands ? 2 * n : n;
    float[] g = gradOutput;
    if (bothStrands) {
      g = strandGrad;
      Arrays.fill(g, 0, models * inner * tasks, 0f);
      boolean max = spec.reverseComplement() == ReverseComplement.MAX;
      for (int m = 0; m < models; m++) {
        for (int i = 0; i < n * tasks; i++) {
          int o = m * n * tasks + i;
          float go = gradOutput[o];
          int f = m * 2 * n * tasks + i;
          int r = (m * 2 * n + n) * tasks + i;
          if (max) {
            g[winner[o] == 1 ? r : f] = go;
          } else {
            g[f] = 0.5f * go;
            g[r] = 0.5f * go;
          }
        }
      }
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g, inner);
    }
    if (fused != null) {
      fused.backward(g, inner);
    } else {
      first.backward(g, inner);
    }
  }

  /** Restarts every dropout mask stream (the trainer seeds them once per run). */
  void reseedDropout(long seed) {
    for (int i = 0; i < dropouts.size(); i++) {
      dropouts.get(i).reseed(seed * 1_000_003L + i);
    }
  }

  List<DropoutLayer> dropoutLayers() {
    return dropouts;
  }

  List<BatchNormLayer> batchNormLayers() {
    return batchNorms;
  }

  public List<Param> params() {
    return store.params();
  }

  public ParamStore store() {
    return store;
  }

  public ModelSpec spec() {
    return spec;
  }

  public int models() {
    return models;
  }

  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  public int tasks() {
    return tasks;
  }
}
