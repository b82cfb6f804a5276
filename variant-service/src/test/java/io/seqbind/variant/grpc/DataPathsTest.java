package io.seqbind.variant.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a request path can be wrong gets the status variant.proto names, with the field in the message. */
class DataPathsTest {

  @TempDir
  Path dir;

  @Test
  void insideExistingFilesResolveAndEveryOtherPathGetsItsStatus() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path vcf = Files.writeString(data.resolve("calls.vcf"), "##fileformat=VCFv4.2\n");
    Path outside = Files.writeString(dir.resolve("other.vcf"), "x");
    DataPaths paths = new DataPaths(List.of(data));

    assertEquals(vcf, paths.resolve(vcf.toUri().toString(), "vcf_uri"));
    assertStatus(Status.Code.PERMISSION_DENIED, "vcf_uri '" + outside + "' is outside the server's data roots",
        () -> paths.resolve(outside.toString(), "vcf_uri"));
    assertStatus(Status.Code.NOT_FOUND, "reference_uri: no such file " + data.resolve("absent.fa"),
        () -> paths.resolve(data.resolve("absent.fa").toString(), "reference_uri"));
    assertStatus(Status.Code.INVALID_ARGUMENT, "vcf_uri 'calls.vcf' is relative",
        () -> paths.resolve("calls.vcf", "vcf_uri"));
  }

  private static void assertStatus(Status.Code code, String messagePart, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(messagePart), e.getStatus().getDescription());
  }
}
