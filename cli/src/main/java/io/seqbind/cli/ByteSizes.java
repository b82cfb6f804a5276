package io.seqbind.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A byte count as an option value: digits with an optional K, M, G or T (powers of 1024), e.g. 10G. */
final class ByteSizes implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.endsWith("B")) {
      v = v.substring(0, v.length() - 1); // 10GB and 10G alike
    }
    int shift = v.isEmpty() ? 0 : switch (v.charAt(v.length() - 1)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      default -> 0;
    };
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
    try {
      long n = Long.parseLong(digits.strip());
      if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a byte count; expected e.g. 1048576, 512M or 10G");
    }
  }
}
