package io.seqbind.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aManifestsArchitectureOrABareProtoArchitectureIsASpecFile(@TempDir Path dir) throws Exception {
    ModelSpec spec = Presets.byName("basset");
    String architecture = JsonFormat.printer().preservingProtoFieldNames().print(SpecProtos.toProto(spec));
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(manifest, "{\"id\": \"abc\", \"task_names\": [\"t\"], \"architecture\": " + architecture + "}");
    assertEquals(spec, SpecJson.read(manifest));
    Path bare = dir.resolve("arch.json");
    Files.writeString(bare, JsonFormat.printer().print(SpecProtos.toProto(spec))); // lowerCamelCase names too
    assertEquals(spec, SpecJson.read(bare));
    Path typed = dir.resolve("spec.json");
    Files.writeString(typed, SpecJson.write(spec));
    assertEquals(spec, SpecJson.read(typed));

    Files.writeString(manifest, "{\"architecture\": {\"preset\": \"deepbind\"}}");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(manifest));
    assertEquals(manifest + ": the architecture has no layers; a preset name alone is trained with --arch",
        e.getMessage());
    Files.writeString(manifest, "{\"architecture\": {\"layers\": [{\"conv1d\": {\"filters\": \"many\"}}]}}");
    e = assertThrows(InvalidSpecException.class, () -> SpecJson.read(manifest));
    assertTrue(e.getMessage().startsWith(manifest + ": invalid architecture (proto JSON): "), e.getMessage());
  }
}
