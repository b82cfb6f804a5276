package io.seqbind.cli;

import io.seqbind.core.io.Quoted;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An option whose value names a contract enum ({@code --device gpu} for {@code COMPUTE_DEVICE_GPU}): the
 * user types the lower-case suffix; anything else is refused naming the values that work, never with a Java
 * enum's name.
 */
final class Choices {

  private Choices() {}

  /**
   * The constant {@code prefix + value} of {@code type}, ignoring case.
   *
   * @throws IllegalArgumentException naming {@code option} and the valid values
   */
  static <E extends Enum<E>> E parse(String option, String value, Class<E> type, String prefix) {
    for (E constant : type.getEnumConstants()) {
      String name = constant.name();
      if (name.startsWith(prefix) && valid(name, prefix) && name.substring(prefix.length()).equalsIgnoreCase(value)) {
        return constant;
      }
    }
    String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).filter(n -> valid(n, prefix))
        .map(n -> n.substring(prefix.length()).toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    throw new IllegalArgumentException(option + " " + Quoted.token(value) + ", expected one of " + names);
  }

  /** Proto enums carry an UNSPECIFIED zero value and protobuf-java adds UNRECOGNIZED: neither is a choice. */
  private static boolean valid(String name, String prefix) {
    return name.startsWith(prefix) && !name.endsWith("_UNSPECIFIED") && !name.equals("UNRECOGNIZED");
  }
}
