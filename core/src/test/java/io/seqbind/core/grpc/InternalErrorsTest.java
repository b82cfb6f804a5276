package io.seqbind.core.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class InternalErrorsTest {

  @Test
  void theCallerGetsAReferenceAndTheLogGetsTheExceptionUnderIt() {
    List<LogRecord> logged = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(InternalErrors.class.getName());
    logger.addHandler(handler);
    try {
      UncheckedIOException error = new UncheckedIOException("cannot write /srv/seqbind/jobs/j1/upload/x",
          new java.nio.file.FileSystemException("/srv/seqbind/jobs/j1/upload/x", null, "No space left on device"));
      StatusRuntimeException status = InternalErrors.status("the trainer", error);

      assertEquals(Status.Code.INTERNAL, status.getStatus().getCode());
      String description = status.getStatus().getDescription();
      assertTrue(description.matches("the trainer failed: No space left on device \\(reference [0-9a-f]{8}; the server's log has the"
          + " details\\)"), description);
      assertFalse(description.contains("/srv"), description);
      String reference = description.substring(description.indexOf("reference ") + 10, description.indexOf(';'));
      assertEquals(1, logged.size());
      assertTrue(logged.get(0).getMessage().contains(reference));
      assertEquals(error, logged.get(0).getThrown());
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aStreamsOwnMessageIsTheReasonButAMessageWithAPathIsNot() {
    assertTrue(InternalErrors.describe("job j1", new java.io.IOException("No space left on device"))
        .startsWith("job j1 failed: No space left on device (reference "));
    String withPath = InternalErrors.describe("job j1",
        new java.io.UncheckedIOException(new java.io.IOException("cannot write /srv/store/x")));
    assertTrue(withPath.startsWith("job j1 failed (reference "), withPath);
  }
}
