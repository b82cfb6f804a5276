package io.seqbind.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecJsonTest {

  @Test
  void everyPresetRoundTrips() {
    for (String name : Presets.names()) {
      ModelSpec spec = Presets.byName(name);
      String json = SpecJson.write(spec);
      assertEquals(spec, SpecJson.read(json), name);
    }
    assertTrue(SpecJson.write(Presets.byName("deepbind")).contains("\"type\" : \"conv\""));
  }

  @Test
  void invalidFieldNamesLayerAndField() {
    String json = """
        {"name":"x","layers":[{"type":"conv","filters":16,"width":24,"dilation":1},{"type":"relu"},
         {"type":"local_max_pool","window":0,"stride":3}],"head":{"tasks":1,"type":"BINARY"}}""";
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(json));
    assertEquals("layer 2 (local_max_pool): window must be at least 1, got 0", e.getMessage());
  }

  @Test
  void layerOrderIsChecked() {
    String json = """
        {"name":"x","layers":[{"type":"conv","filters":16,"width":24,"dilation":1},{"type":"dense","units":4},
         {"type":"conv","filters":16,"width":3,"dilation":1}],"head":{"tasks":1,"type":"BINARY"}}""";
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(json));
    assertTrue(e.getMessage().startsWith("layer 2 (conv): cannot follow layer 1 (dense)"), e.getMessage());
    String first = """
        {"layers":[{"type":"relu"}],"head":{"tasks":1,"type":"BINARY"}}""";
    e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(first));
    assertTrue(e.getMessage().startsWith("layer 0 (relu)"), e.getMessage());
  }

  @Test
  void unknownLayerTypeAndBadHead() {
    String json = """
        {"layers":[{"type":"lstm"}],"head":{"tasks":1,"type":"BINARY"}}""";
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(json));
    assertTrue(e.getMessage().contains("unknown layer type 'lstm'"), e.getMessage());
    String head = """
        {"layers":[{"type":"conv","filters":1,"width":3,"dilation":1}],"head":{"tasks":0,"type":"BINARY"}}""";
    e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(head));
    assertEquals("layer 1 (head): tasks must be at least 1, got 0", e.getMessage());
  }
}
