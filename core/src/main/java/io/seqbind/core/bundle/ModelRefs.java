package io.seqbind.core.bundle;

import io.seqbind.core.io.Quoted;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import java.util.regex.Pattern;

/**
 * What a model name, a model id and a contract {@link ModelRef} may look like, and which model a reference
 * names: the one rule the store, the scorer, the trainer and the CLI all follow.
 */
public final class ModelRefs {

  /** A model name or version: a path segment of the store, so no '/', no leading '.', bounded. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  /** A model id: the lowercase hex sha256 of its model.onnx. */
  public static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  /** What a person may type for an id: its first 8 or more digits. */
  public static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f]{8,64}");

  private ModelRefs() {}

  /** Whether {@code model} is one the reference names (a name without a version names every version). */
  public static boolean matches(ModelInfo model, ModelRef ref) {
    return switch (ref.getSelectorCase()) {
      case ID -> model.getId().equals(ref.getId());
      case NAME -> model.getName().getName().equals(ref.getName().getName())
          && (ref.getName().getVersion().isEmpty() || model.getName().getVersion().equals(ref.getName().getVersion()));
      default -> false;
    };
  }

  /** The newest (by create time) of the models the reference names; null when none does. */
  public static ModelInfo newestMatch(Iterable<ModelInfo> models, ModelRef ref) {
    ModelInfo newest = null;
    for (ModelInfo model : models) {
      if (matches(model, ref) && (newest == null || newer(model, newest))) {
        newest = model;
      }
    }
    return newest;
  }

  private static boolean newer(ModelInfo a, ModelInfo b) {
    return a.getCreateTime().getSeconds() != b.getCreateTime().getSeconds()
        ? a.getCreateTime().getSeconds() > b.getCreateTime().getSeconds()
        : a.getCreateTime().getNanos() > b.getCreateTime().getNanos();
  }

  /**
   * Rejects references the contract calls malformed, before anything is looked up.
   *
   * @throws IllegalArgumentException naming the field (INVALID_ARGUMENT)
   */
  public static void checkWellFormed(ModelRef ref) {
    switch (ref.getSelectorCase()) {
      case ID -> {
        if (!ID.matcher(ref.getId()).matches()) {
          // Quoted: a request's field can be any length, and the answer travels in the call's trailers.
          throw new IllegalArgumentException("model id " + Quoted.token(ref.getId())
              + " is not a lowercase hex sha256 (64 digits)");
        }
      }
      case NAME -> {
        if (ref.getName().getName().isEmpty()) {
          throw new IllegalArgumentException("a model reference by name needs a name");
        }
      }
      default -> throw new IllegalArgumentException("a model reference needs an id or a name");
    }
  }

  /** How a person would write the reference, for messages. */
  public static String describe(ModelRef ref) {
    return switch (ref.getSelectorCase()) {
      case ID -> "with id " + ref.getId();
      case NAME -> ref.getName().getVersion().isEmpty() ? "named " + ref.getName().getName()
          : ref.getName().getName() + ":" + ref.getName().getVersion();
      default -> "(no selector)";
    };
  }

  /** @throws IllegalArgumentException when {@code value} is not a {@link #NAME} */
  public static void requireName(String what, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' must be 1-128 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit");
    }
  }
}
