package io.seqbind.core.grpc;

import io.seqbind.core.io.InputFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bearer tokens a service accepts, from a file with one line per token: {@code <token> <principal>
 * <role>[,<role>...]} ({@code #} starts a comment). Tokens are kept only as sha256 digests and compared in
 * constant time against every entry, so neither a timing nor a heap dump gives one away; messages about the
 * file name its line, never a token.
 */
public final class AuthTokens {

  /** What a principal may call. */
  public enum Role {
    /** Score*, ListServingModels, variant effects, mutation maps, motifs. */
    SCORE,
    /** SubmitJob, UploadJob and the jobs' calls. */
    TRAIN,
    /** Everything, every owner's jobs. */
    ADMIN
  }

  /** Who a token names. */
  public record Principal(String name, Set<Role> roles) {
    public boolean may(Role role) {
      return roles.contains(Role.ADMIN) || roles.contains(role);
    }
  }

  private record Entry(byte[] digest, Principal principal) {}

  private static final int MIN_TOKEN_CHARS = 16;

  private final List<Entry> entries;

  private AuthTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads a tokens file; a bad line is an {@link InputFormatException} naming it. */
  public static AuthTokens read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokens file " + file, e);
    }
    String expected = "'<token> <principal> <role>[,<role>...]' with a token of " + MIN_TOKEN_CHARS
        + "+ characters and roles score, train or admin";
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields.length != 3 || fields[0].length() < MIN_TOKEN_CHARS) {
        throw new InputFormatException(file.toString(), i + 1, "not a token line", expected);
      }
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String role : fields[2].split(",")) {
        try {
          roles.add(Role.valueOf(role.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new InputFormatException(file.toString(), i + 1, "unknown role", expected);
        }
      }
      byte[] digest = sha256(fields[0]);
      for (Entry other : entries) {
        if (MessageDigest.isEqual(other.digest(), digest)) {
          throw new InputFormatException(file.toString(), i + 1, "a token given twice", "each token once");
        }
      }
      entries.add(new Entry(digest, new Principal(fields[1], Set.copyOf(roles))));
    }
    if (entries.isEmpty()) {
      throw new InputFormatException(file.toString(), 0, "no tokens", "at least one line " + expected);
    }
    return new AuthTokens(entries);
  }

  /** The principal {@code token} names, or null. Looks at every entry whatever matches. */
  public Principal principal(String token) {
    byte[] digest = sha256(token);
    Principal found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest(), digest)) {
        found = entry.principal();
      }
    }
    return found;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
