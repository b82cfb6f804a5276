package io.seqbind.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PresetsTest {

  private static List<Integer> convFilters(ModelSpec spec) {
    return spec.layers().stream().filter(l -> l instanceof LayerSpec.Conv)
        .map(l -> ((LayerSpec.Conv) l).filters()).toList();
  }

  private static LayerSpec topPooling(ModelSpec spec) {
    return spec.layers().stream().filter(l -> l instanceof LayerSpec.Dense).findFirst()
        .map(d -> spec.layers().get(spec.layers().indexOf(d) - 1)).orElseThrow();
  }

  @Test
  void zengVariantsHaveTable1KernelsAndPooling() {
    // Table 1 of Zeng et al. (2016): kernel counts per conv layer and the pooling at the top.
    Object[][] table = {
        {"1layer", List.of(16), new LayerSpec.GlobalPool(PoolMode.MAX)},
        {"1layer_1motif", List.of(1), new LayerSpec.GlobalPool(PoolMode.MAX)},
        {"1layer_64motif", List.of(64), new LayerSpec.GlobalPool(PoolMode.MAX)},
        {"1layer_128motif", List.of(128), new LayerSpec.GlobalPool(PoolMode.MAX)},
        {"1layer_local_win9", List.of(16), new LayerSpec.LocalMaxPool(9, 9)},
        {"1layer_local_win3", List.of(16), new LayerSpec.LocalMaxPool(3, 3)},
        {"2layer", List.of(16, 32), new LayerSpec.GlobalPool(PoolMode.MAX)},
        {"3layer", List.of(16, 32, 64), new LayerSpec.GlobalPool(PoolMode.MAX)},
        {"2layer_local_win3", List.of(16, 32), new LayerSpec.LocalMaxPool(3, 3)},
        {"3layer_local_win3", List.of(16, 32, 64), new LayerSpec.LocalMaxPool(3, 3)},
    };
    for (Object[] row : table) {
      ModelSpec spec = Presets.byName((String) row[0]);
      assertEquals(row[1], convFilters(spec), (String) row[0]);
      assertEquals(row[2], topPooling(spec), (String) row[0]);
      assertEquals(24, ((LayerSpec.Conv) spec.layers().get(0)).width(), "first layer is DeepBind's 24-wide scanner");
      // Zeng et al. always keep the 32-unit hidden layer followed by dropout.
      assertTrue(spec.layers().contains(new LayerSpec.Dense(32)), (String) row[0]);
      assertTrue(spec.layers().get(spec.layers().size() - 1) instanceof LayerSpec.Dropout, (String) row[0]);
      assertTrue(spec.minimumLength() <= 101, row[0] + " must take the paper's 101-bp windows");
      spec.shapes(101);
    }
  }

  @Test
  void deepBindSeesTwentyFourBasesAndAnyLength() {
    ModelSpec spec = Presets.byName("deepbind");
    assertEquals(24, spec.receptiveField());
    assertEquals(24, spec.minimumLength());
    assertFalse(spec.fixesLength());
    assertEquals(ReverseComplement.MAX, spec.reverseComplement());
    assertEquals(List.of(16), convFilters(spec));
    assertEquals(new FeatureShape(32, 1), spec.shapes(101).get(spec.layers().size() - 1));
    assertEquals(new FeatureShape(32, 1), Presets.byName("deepbind_maxavg").shapes(101).get(3));
  }

  @Test
  void bassetShapesAt600() {
    ModelSpec spec = Presets.byName("basset");
    assertEquals(List.of(300, 200, 200), convFilters(spec));
    assertEquals(164, spec.head().tasks());
    List<FeatureShape> shapes = spec.shapes(600);
    // 600-18=582 -> /3 = 194 -> -10 = 184 -> /4 = 46 -> -6 = 40 -> /4 = 10
    assertEquals(new FeatureShape(200, 10), shapes.get(12));
    assertTrue(spec.fixesLength());
    assertEquals(2, spec.layers().stream().filter(l -> l instanceof LayerSpec.Dense).count());
    assertEquals(5, spec.layers().stream().filter(l -> l instanceof LayerSpec.BatchNorm).count());
  }

  @Test
  void receptiveFieldAndMinimumLengthOfAStack() {
    ModelSpec spec = Presets.byName("3layer_local_win3");
    // conv24: 24; pool3: +2, step 3; conv5: +4*3 = 38; pool3: +2*3 = 44, step 9; conv5: +4*9 = 80; pool3: +2*9
    assertEquals(98, spec.receptiveField());
    int min = spec.minimumLength();
    spec.shapes(min);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> spec.shapes(min - 1));
    assertTrue(e.getMessage().startsWith("layer "), e.getMessage());
  }

  @Test
  void unknownPresetListsTheNames() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Presets.byName("deepbnd"));
    assertTrue(e.getMessage().contains("deepbnd"), e.getMessage());
    for (String name : Presets.names()) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }
}
