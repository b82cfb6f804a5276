package io.seqbind.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link ModelSpec} as JSON, e.g.
 * {@code {"name":"deepbind","layers":[{"type":"conv","filters":16,"width":24,"dilation":1},...],
 * "head":{"tasks":1,"type":"BINARY"},"reverseComplement":"MAX"}}. Errors become {@link InvalidSpecException}
 * with the spec's own message (layer index and field) rather than Jackson's.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private SpecJson() {}

  public static String write(ModelSpec spec) {
    try {
      return MAPPER.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write spec " + spec.name(), e);
    }
  }

  public static ModelSpec read(String json) {
    try {
      return MAPPER.readValue(json, ModelSpec.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidSpecException invalid) {
        throw invalid;
      }
      throw new InvalidSpecException("invalid model spec: " + e.getOriginalMessage(), e);
    } catch (InvalidTypeIdException e) {
      throw new InvalidSpecException("invalid model spec: unknown layer type '" + e.getTypeId()
          + "'; known: conv, relu, global_pool, local_max_pool, dropout, dense, batch_norm", e);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("invalid model spec JSON: " + e.getOriginalMessage()
          + locationOf(e), e);
    }
  }

  /** Reads {@code --spec FILE}; the file name is part of any error. */
  public static ModelSpec read(Path file) throws IOException {
    try {
      return read(Files.readString(file));
    } catch (InvalidSpecException e) {
      throw new InvalidSpecException(file + ": " + e.getMessage(), e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")";
  }
}
