package io.seqbind.core.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.io.InputFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class StatusMappingTest {

  private static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message);
    }
  }

  private final StatusMapping mapping = StatusMapping.forService("the test service")
      .map(Busy.class, Status.Code.RESOURCE_EXHAUSTED).build();

  @Test
  void sharedRulesKeepTheMessage() {
    assertStatus(Status.Code.NOT_FOUND, "no model x in the store", new ModelNotFoundException("no model x in the store"));
    assertStatus(Status.Code.INVALID_ARGUMENT, "a.fa:3: bad base, expected A, C, G or T",
        new InputFormatException("a.fa", 3, "bad base", "A, C, G or T"));
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_size: negative", new IllegalArgumentException("page_size: negative"));
    assertStatus(Status.Code.UNAVAILABLE, "closing", new RejectedExecutionException("closing"));
  }

  @Test
  void serviceRulesComeFirstAndWrappersAreUnwrapped() {
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "queue full", new Busy("queue full"));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "queue full", new CompletionException(new Busy("queue full")));
    assertStatus(Status.Code.NOT_FOUND, "gone",
        new ExecutionException(new ModelNotFoundException("gone")));
  }

  @Test
  void aStatusThrownOrWrappedKeepsItsCode() {
    StatusRuntimeException downstream = Status.UNAVAILABLE.withDescription("the scorer is down").asRuntimeException();
    assertSame(downstream, mapping.of(downstream));
    assertSame(downstream, mapping.of(new RuntimeException("call failed", downstream)));
  }

  @Test
  void anythingElseIsInternalWithoutItsMessage() {
    StatusRuntimeException e = mapping.of(new UncheckedIOException(new IOException("/secret/dir/file: broken")));
    assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("the test service failed"), e.getStatus().getDescription());
    assertFalse(e.getStatus().getDescription().contains("/secret"), e.getStatus().getDescription());
  }

  @Test
  void bundleProblemsAreTheStoresNotTheCallers() {
    assertStatus(Status.Code.FAILED_PRECONDITION, "model a:1: checksum differs",
        new BundleException("model a:1: checksum differs"));
  }

  private void assertStatus(Status.Code code, String message, Throwable error) {
    StatusRuntimeException e = mapping.of(error);
    assertEquals(code, e.getStatus().getCode());
    assertEquals(message, e.getStatus().getDescription());
  }
}
