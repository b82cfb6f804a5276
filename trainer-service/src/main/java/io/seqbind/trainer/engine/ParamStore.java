package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.ConvShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters and non-trained state (batch-norm running statistics) of M models, by name. A network is
 * a view over a store for one input length and batch capacity, so scoring another length or batch size
 * builds a new network over the same store without copying weights.
 */
public final class ParamStore {

  private final int models;
  private final Map<String, Param> params = new LinkedHashMap<>();
  private final Map<String, float[]> buffers = new LinkedHashMap<>();

  public ParamStore(int models) {
    this.models = models;
  }

  public int models() {
    return models;
  }

  /** The existing parameter {@code name} or a new zero one; a size mismatch means another input length. */
  Param param(String name, int layer, boolean weight, int fanIn, int perModel) {
    Param p = params.get(name);
    if (p == null) {
      p = Param.of(name, layer, weight, fanIn, models, perModel);
      params.put(name, p);
    } else if (p.perModel() != perModel) {
      throw new IllegalArgumentException(name + " holds " + p.perModel() + " values per model but this input length"
          + " needs " + perModel + ": the spec flattens positions, so it only scores the length it was built for");
    }
    return p;
  }

  /** The weight {@code [models][filters][inChannels][width]} of convolution (or dense) layer {@code name}. */
  Param convWeight(String name, int layer, ConvShape s) {
    int fanIn = s.inChannels() * s.width();
    return param(name + ".weight", layer, true, fanIn, s.filters() * fanIn);
  }

  /** The bias {@code [models][filters]} of convolution (or dense) layer {@code name}. */
  Param convBias(String name, int layer, ConvShape s) {
    return param(name + ".bias", layer, false, s.inChannels() * s.width(), s.filters());
  }

  /** A per-model state array ({@code [models][perModel]}) filled with {@code initial} when new. */
  float[] buffer(String name, int perModel, float initial) {
    return buffers.computeIfAbsent(name, k -> {
      float[] b = new float[models * perModel];
      java.util.Arrays.fill(b, initial);
      return b;
    });
  }

  public List<Param> params() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  public Map<String, float[]> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** Every tensor (parameters then buffers) by name, as saved. */
  public Map<String, float[]> tensors() {
    Map<String, float[]> all = new LinkedHashMap<>();
    params.forEach((k, v) -> all.put(k, v.value()));
    all.putAll(buffers);
    return all;
  }

  /** A copy of model {@code m}'s slice of every tensor (a checkpoint). */
  public Map<String, float[]> snapshot(int m) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    tensors().forEach((k, v) -> {
      int per = v.length / models;
      float[] slice = new float[per];
      System.arraycopy(v, m * per, slice, 0, per);
      copy.put(k, slice);
    });
    return copy;
  }

  /** Writes a snapshot back into model {@code m}'s slice. */
  public void restore(int m, Map<String, float[]> snapshot) {
    tensors().forEach((k, v) -> {
      float[] slice = snapshot.get(k);
      if (slice == null || slice.length * models != v.length) {
        throw new IllegalArgumentException("checkpoint lacks " + k + " or has another size");
      }
      System.arraycopy(slice, 0, v, m * slice.length, slice.length);
    });
  }
}
