package io.seqbind.core.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.seqbind.core.io.Sha256;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  @TempDir
  Path root;

  private static ModelInfo info(String name, String version, long seconds) {
    return ModelInfo.newBuilder()
        .setName(ModelName.newBuilder().setName(name).setVersion(version))
        .setArchitecture(SpecProtos.toProto(Presets.byName("deepbind")))
        .setCreateTime(Timestamp.newBuilder().setSeconds(seconds))
        .build();
  }

  private static byte[] onnx(String content) {
    return content.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void bundleIdIsTheSha256OfTheOnnxFileAndLoadingChecksIt() throws Exception {
    byte[] bytes = onnx("not really onnx, but bytes");
    ModelBundle written = ModelBundle.write(root.resolve("m"), bytes, info("ctcf", "1", 10));
    // Independent reference: the JDK digest of the same bytes.
    String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(expected, written.id());
    assertEquals(expected, Sha256.of(written.onnxFile()));
    ModelBundle loaded = ModelBundle.load(root.resolve("m"));
    assertEquals(written.info(), loaded.info());
    assertEquals(bytes.length, loaded.info().getOnnxSizeBytes());
    assertEquals(Presets.byName("deepbind"), loaded.spec());
    assertArrayEquals(bytes, Files.readAllBytes(loaded.onnxFile()));
    assertTrue(Files.readString(loaded.dir().resolve(ModelBundle.MANIFEST)).contains("\"onnx_size_bytes\""),
        "manifest uses the proto's field names");
  }

  @Test
  void aBundleDirectoryWhoseManifestChangedNoLongerAnswersToItsOldId() throws Exception {
    ModelStore store = new ModelStore(root);
    ModelBundle a = store.add(onnx("model a"), info("a", "1", 10));
    ModelBundle b = store.add(onnx("model b, longer"), info("b", "1", 20));
    ModelRef byA = ModelRef.newBuilder().setId(a.id()).build();
    ModelRef byB = ModelRef.newBuilder().setId(b.id()).build();
    assertEquals(a.dir(), store.get(byA).dir()); // the ids are now remembered
    // b's files copied over a's: the store must read a's directory again, not answer from what it remembers.
    for (String file : List.of(ModelBundle.MANIFEST, ModelBundle.ONNX)) {
      Files.copy(b.dir().resolve(file), a.dir().resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThrows(ModelNotFoundException.class, () -> store.get(byA));
    assertEquals(b.id(), store.get(byB).id());
    // a's directory now holds b's manifest (refused there: it names b:1), so nothing answers to a's id or prefix.
    assertThrows(ModelNotFoundException.class, () -> store.get(a.id().substring(0, 12)));
  }

  @Test
  void aChangedOrTruncatedOnnxFileIsRefused() throws Exception {
    ModelBundle bundle = ModelBundle.write(root.resolve("m"), onnx("0123456789"), info("a", "1", 1));
    Files.writeString(bundle.onnxFile(), "0123456780");
    BundleException changed = assertThrows(BundleException.class, () -> ModelBundle.load(bundle.dir()));
    assertTrue(changed.getMessage().contains("differs from the manifest's id"), changed.getMessage());
    Files.writeString(bundle.onnxFile(), "01234");
    BundleException truncated = assertThrows(BundleException.class, () -> ModelBundle.load(bundle.dir()));
    assertTrue(truncated.getMessage().contains("5 bytes, the manifest says 10"), truncated.getMessage());
  }

  @Test
  void aStoredBundlesErrorsNameTheModelNotTheStoresDirectory() throws Exception {
    ModelStore store = new ModelStore(root);
    ModelBundle bundle = store.add(onnx("0123456789"), info("ctcf", "1", 1));
    Files.writeString(bundle.onnxFile(), "0123456780");
    BundleException changed = assertThrows(BundleException.class, () -> store.get("ctcf:1"));
    assertTrue(changed.getMessage().startsWith("model ctcf:1/model.onnx: sha256 "), changed.getMessage());
    Files.delete(bundle.dir().resolve(ModelBundle.MANIFEST_DIGEST)); // as an older bundle: the parser's turn
    Files.writeString(bundle.dir().resolve(ModelBundle.MANIFEST), "root:secret-hash:19000:0:99999");
    BundleException garbage = assertThrows(BundleException.class,
        () -> store.get(ModelRef.newBuilder().setName(io.seqbind.proto.v1.ModelName.newBuilder().setName("ctcf")
            .setVersion("1")).build()));
    assertEquals("model ctcf:1/manifest.json: not a seqbind manifest (invalid proto3 JSON)", garbage.getMessage());
    assertFalse(garbage.getMessage().contains(root.toString()), garbage.getMessage());
  }

  @Test
  void aManifestEditedAfterExportIsRefused() throws Exception {
    ModelBundle bundle = ModelBundle.write(root.resolve("m"), onnx("0123456789"), info("a", "1", 1));
    Path manifest = bundle.dir().resolve(ModelBundle.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace("\"a\"", "\"b\""));
    BundleException edited = assertThrows(BundleException.class, () -> ModelBundle.load(bundle.dir()));
    assertEquals(bundle.dir() + "/manifest.json: sha256 differs from manifest.json.sha256 (the manifest was changed"
        + " after the bundle was written)", edited.getMessage());
    // A bundle from before the digest existed is read as it was.
    Files.delete(bundle.dir().resolve(ModelBundle.MANIFEST_DIGEST));
    assertEquals("b", ModelBundle.load(bundle.dir()).info().getName().getName());
  }

  @Test
  void aBundleIsNeverWrittenOverAnother() throws Exception {
    ModelBundle.write(root.resolve("m"), onnx("x"), info("a", "1", 1));
    assertThrows(FileAlreadyExistsException.class, () -> ModelBundle.write(root.resolve("m"), onnx("y"), info("a", "1", 1)));
    assertArrayEquals(onnx("x"), Files.readAllBytes(root.resolve("m").resolve(ModelBundle.ONNX)));
    try (var left = Files.list(root)) {
      assertEquals(List.of(root.resolve("m")), left.toList(), "no temporary directory left behind");
    }
  }

  @Test
  void aTakenDefaultVersionGetsTheFirstFreeSuffixAndTheSameModelIsNotStoredTwice() throws Exception {
    ModelStore store = new ModelStore(root);
    ModelBundle first = store.addUnderFreeVersion(onnx("model one"), info("ctcf", "20261124-190133", 1));
    assertEquals("20261124-190133", first.info().getName().getVersion());
    ModelBundle second = store.addUnderFreeVersion(onnx("model two"), info("ctcf", "20261124-190133", 2));
    assertEquals("20261124-190133-2", second.info().getName().getVersion());
    ModelBundle third = store.addUnderFreeVersion(onnx("model three"), info("ctcf", "20261124-190133", 3));
    assertEquals("20261124-190133-3", third.info().getName().getVersion());
    // The second model again (a resumed job): found under its version, not written a fourth time.
    ModelBundle again = store.addUnderFreeVersion(onnx("model two"), info("ctcf", "20261124-190133", 4));
    assertEquals(second.dir(), again.dir());
    assertEquals(2, again.info().getCreateTime().getSeconds());
    assertEquals(3, store.list().size());
  }

  @Test
  void aDirectoryWithoutManifestOrWithGarbageIsNotABundle() throws Exception {
    BundleException none = assertThrows(BundleException.class, () -> ModelBundle.load(root));
    assertTrue(none.getMessage().contains("no manifest.json"), none.getMessage());
    Files.writeString(root.resolve(ModelBundle.MANIFEST), "{\"id\": 3");
    BundleException garbage = assertThrows(BundleException.class, () -> ModelBundle.load(root));
    assertTrue(garbage.getMessage().contains("not a seqbind manifest"), garbage.getMessage());
  }

  @Test
  void storeNumbersVersionsAndFindsModelsEveryWay() throws Exception {
    ModelStore store = new ModelStore(root);
    ModelBundle v1 = store.add(onnx("first"), info("ctcf", "", 100));
    ModelBundle v2 = store.add(onnx("second"), info("ctcf", "", 200));
    ModelBundle other = store.add(onnx("third"), info("gata1", "beta", 50));
    assertEquals("ctcf:1", v1.displayName());
    assertEquals("ctcf:2", v2.displayName());
    assertEquals(root.resolve("ctcf").resolve("2"), v2.dir());

    assertEquals(List.of("ctcf:2", "ctcf:1", "gata1:beta"),
        store.list().stream().map(m -> m.getName().getName() + ":" + m.getName().getVersion()).toList());
    assertEquals(v1.id(), store.get("ctcf:1").id());
    assertEquals(v2.id(), store.get("ctcf").id(), "a name alone is its newest version");
    assertEquals(other.id(), store.get(other.id()).id());
    assertEquals(other.id(), store.get(other.id().substring(0, 10)).id());
    assertEquals(v1.id(), store.get(v1.dir().toString()).id());
    assertEquals(v1.id(), store.get(ModelRef.newBuilder().setId(v1.id()).build()).id());
    assertEquals(v2.id(), store.get(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("ctcf")).build()).id());
    assertEquals(other.id(), store.get(ModelRef.newBuilder()
        .setName(ModelName.newBuilder().setName("gata1").setVersion("beta")).build()).id());
  }

  @Test
  void aBundleOutsideTheStoreIsFoundByIdOnceRegistered() throws Exception {
    ModelStore store = new ModelStore(root.resolve("store"));
    ModelBundle outside = ModelBundle.write(root.resolve("elsewhere"), onnx("mine"), info("local", "7", 5));
    assertThrows(ModelNotFoundException.class, () -> store.get(ModelRef.newBuilder().setId(outside.id()).build()));
    store.register(outside);
    assertEquals(outside.dir(), store.get(ModelRef.newBuilder().setId(outside.id()).build()).dir());
    assertEquals(List.of(outside.id()), store.list().stream().map(ModelInfo::getId).toList());
  }

  @Test
  void storeRefusesUnknownModelsBadNamesAndRewrites() throws Exception {
    ModelStore store = new ModelStore(root);
    store.add(onnx("first"), info("ctcf", "1", 100));
    assertEquals("no model ctcf:7 in the store",
        assertThrows(ModelNotFoundException.class, () -> store.get("ctcf:7")).getMessage());
    assertThrows(ModelNotFoundException.class, () -> store.get("foxa1"));
    assertThrows(ModelNotFoundException.class, () -> store.get(ModelRef.newBuilder().setId("ab".repeat(32)).build()));
    assertThrows(FileAlreadyExistsException.class, () -> store.add(onnx("again"), info("ctcf", "1", 300)));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> store.add(onnx("x"), info("../escape", "1", 1)));
    assertTrue(bad.getMessage().startsWith("model name '../escape' must be"), bad.getMessage());
  }
}
