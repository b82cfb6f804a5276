package io.seqbind.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.seqbind.core.io.Quoted;
import io.seqbind.proto.v1.ArchitectureSpec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
      throw new InvalidSpecException("invalid model spec: " + parserSays(e.getOriginalMessage()), e);
    } catch (InvalidTypeIdException e) {
      throw new InvalidSpecException("invalid model spec: unknown layer type " + Quoted.token(String.valueOf(
          e.getTypeId())) + "; known: conv, relu, global_pool, local_max_pool, dropout, dense, batch_norm", e);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidSpecException("invalid model spec: unknown field " + Quoted.token(e.getPropertyName())
          + locationOf(e) + "; known: " + e.getKnownPropertyIds(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("invalid model spec JSON: " + parserSays(e.getOriginalMessage())
          + locationOf(e), e);
    }
  }

  /**
   * Reads {@code --spec FILE}: a spec as above, or the contract's {@link ArchitectureSpec} as proto JSON, bare
   * or as the {@code architecture} of a bundle's {@code manifest.json} (so a trained model's architecture
   * can be trained again). The file name is part of any error.
   */
  public static ModelSpec read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new InvalidSpecException(file + ": not UTF-8 text, expected a JSON model spec", e);
    }
    try {
      JsonNode architecture = protoArchitecture(text);
      return architecture == null ? read(text) : fromProtoJson(architecture);
    } catch (InvalidSpecException e) {
      throw new InvalidSpecException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The proto-JSON architecture in {@code text}: a manifest's {@code architecture}, or the whole object when
   * its layers are proto oneofs ({@code {"conv1d": {...}}}) rather than typed layers; null otherwise (and for
   * text that is not JSON, which {@link #read(String)} then reports).
   */
  private static JsonNode protoArchitecture(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    if (root.has("architecture")) {
      return root.get("architecture");
    }
    JsonNode layers = root.get("layers");
    boolean oneofLayers = layers != null && layers.isArray() && layers.size() > 0
        && layers.get(0).isObject() && !layers.get(0).has("type");
    return oneofLayers ? root : null;
  }

  private static ModelSpec fromProtoJson(JsonNode architecture) {
    ArchitectureSpec.Builder proto = ArchitectureSpec.newBuilder();
    try {
      JsonFormat.parser().merge(architecture.toString(), proto);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidSpecException("invalid architecture (proto JSON): " + parserSays(e.getMessage()), e);
    }
    if (proto.getLayersCount() == 0) {
      throw new InvalidSpecException("the architecture has no layers; a preset name alone is trained with --arch");
    }
    return SpecProtos.fromProto(proto.build());
  }

  /**
   * A JSON parser's message quotes the input it stopped at, at any length: show its start as a short token, so
   * a spec file's content (a server path's, for a remote caller) never comes back whole.
   */
  private static String parserSays(String message) {
    return Quoted.token(message == null ? "" : message);
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")";
  }
}
