package io.seqbind.core.model;

import io.seqbind.core.model.LayerSpec.BatchNorm;
import io.seqbind.core.model.LayerSpec.Conv;
import io.seqbind.core.model.LayerSpec.Dense;
import io.seqbind.core.model.LayerSpec.Dropout;
import io.seqbind.core.model.LayerSpec.GlobalPool;
import io.seqbind.core.model.LayerSpec.LocalMaxPool;
import io.seqbind.core.model.LayerSpec.Relu;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named architectures. Sources: DeepBind (Alipanahi et al. 2015: 16 motif detectors of width 24, rectify,
 * max or max+avg pooling, an optional 32-unit hidden layer, both strands); Zeng et al. 2016, Table 1 (nine
 * variants around a "1layer" copy of DeepBind that always has the 32-unit hidden layer and dropout); Basset
 * (Kelley et al. 2016: three conv layers of 300x19, 200x11, 200x7 with batch norm and max pooling 3, 4, 4,
 * two dense layers of 1000 units with dropout 0.3, 164 tasks).
 *
 * <p>Table 1 gives the kernel counts of the deeper Zeng variants but not their widths or intermediate
 * pooling; we use width 5 for layers 2 and 3 and local max pooling of window 3 (stride 3) between conv
 * layers, as the paper says intermediate pooling must be local. With these, every variant accepts the
 * paper's 101-bp windows.
 */
public final class Presets {

  /** Dropout of the Zeng variants' hidden layer: the middle of their calibration grid (0.75, 0.5, 0.1). */
  static final double ZENG_DROPOUT = 0.5;

  private static final Map<String, Supplier<ModelSpec>> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("deepbind", () -> deepBind(PoolMode.MAX, true));
    PRESETS.put("deepbind_maxavg", () -> deepBind(PoolMode.MAX_AVG, true));
    PRESETS.put("deepbind_nohidden", () -> deepBind(PoolMode.MAX, false));
    PRESETS.put("1layer", () -> zeng("1layer", 16, 1, null));
    PRESETS.put("1layer_1motif", () -> zeng("1layer_1motif", 1, 1, null));
    PRESETS.put("1layer_64motif", () -> zeng("1layer_64motif", 64, 1, null));
    PRESETS.put("1layer_128motif", () -> zeng("1layer_128motif", 128, 1, null));
    PRESETS.put("1layer_local_win3", () -> zeng("1layer_local_win3", 16, 1, 3));
    PRESETS.put("1layer_local_win9", () -> zeng("1layer_local_win9", 16, 1, 9));
    PRESETS.put("2layer", () -> zeng("2layer", 16, 2, null));
    PRESETS.put("3layer", () -> zeng("3layer", 16, 3, null));
    PRESETS.put("2layer_local_win3", () -> zeng("2layer_local_win3", 16, 2, 3));
    PRESETS.put("3layer_local_win3", () -> zeng("3layer_local_win3", 16, 3, 3));
    PRESETS.put("basset", Presets::basset);
  }

  private Presets() {}

  /** Every preset name, in a stable order. */
  public static List<String> names() {
    return List.copyOf(PRESETS.keySet());
  }

  /**
   * The preset {@code name} (case-insensitive) with one binary task (Basset: 164).
   *
   * @throws InvalidSpecException listing the known names when {@code name} is unknown
   */
  public static ModelSpec byName(String name) {
    Supplier<ModelSpec> preset = name == null ? null : PRESETS.get(name.toLowerCase(java.util.Locale.ROOT));
    if (preset == null) {
      throw new InvalidSpecException("unknown preset '" + name + "'; known presets: " + String.join(", ", names()));
    }
    return preset.get();
  }

  /**
   * DeepBind: 16 motif detectors of width 24, ReLU, global pooling, optionally a 32-unit ReLU layer with
   * dropout, both strands combined by max.
   */
  public static ModelSpec deepBind(PoolMode pooling, boolean hidden) {
    List<LayerSpec> layers = new ArrayList<>(List.of(new Conv(16, 24, 1), new Relu(), new GlobalPool(pooling)));
    if (hidden) {
      layers.addAll(List.of(new Dense(32), new Relu(), new Dropout(0.5)));
    }
    String name = "deepbind" + (pooling == PoolMode.MAX_AVG ? "_maxavg" : "") + (hidden ? "" : "_nohidden");
    return new ModelSpec(name, layers, new OutputHead(1, TaskType.BINARY), ReverseComplement.MAX);
  }

  /**
   * A Zeng et al. variant: {@code convLayers} conv layers of 16, 32, 64 kernels (the first {@code motifs}
   * wide 24), local max pooling of 3 between them, then at the top global max pooling, or local max pooling
   * of {@code topWindow} when given; then dense 32 + ReLU + dropout and the output.
   */
  static ModelSpec zeng(String name, int motifs, int convLayers, Integer topWindow) {
    List<LayerSpec> layers = new ArrayList<>();
    int[] kernels = {motifs, 32, 64};
    for (int i = 0; i < convLayers; i++) {
      if (i > 0) {
        layers.add(new LocalMaxPool(3, 3));
      }
      layers.add(new Conv(kernels[i], i == 0 ? 24 : 5, 1));
      layers.add(new Relu());
    }
    layers.add(topWindow == null ? new GlobalPool(PoolMode.MAX) : new LocalMaxPool(topWindow, topWindow));
    layers.addAll(List.of(new Dense(32), new Relu(), new Dropout(ZENG_DROPOUT)));
    return new ModelSpec(name, layers, new OutputHead(1, TaskType.BINARY), ReverseComplement.OFF);
  }

  /** Basset for its 600-bp windows and 164 DNase-seq cell types. */
  static ModelSpec basset() {
    List<LayerSpec> layers = List.of(
        new Conv(300, 19, 1), BatchNorm.standard(), new Relu(), new LocalMaxPool(3, 3),
        new Conv(200, 11, 1), BatchNorm.standard(), new Relu(), new LocalMaxPool(4, 4),
        new Conv(200, 7, 1), BatchNorm.standard(), new Relu(), new LocalMaxPool(4, 4),
        new Dense(1000), BatchNorm.standard(), new Relu(), new Dropout(0.3),
        new Dense(1000), BatchNorm.standard(), new Relu(), new Dropout(0.3));
    return new ModelSpec("basset", layers, new OutputHead(164, TaskType.BINARY), ReverseComplement.OFF);
  }
}
