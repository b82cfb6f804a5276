package io.seqbind.trainer.jobs;

import java.security.SecureRandom;

/**
 * Short job ids that sort in creation order: 10 base-32 digits of the creation time in milliseconds (strictly
 * increasing within a process, so two jobs created in the same millisecond still sort) and 4 random digits
 * so that two servers sharing nothing do not hand out the same id. Example: {@code 01jf3k8q2m-x7pd}.
 */
final class JobIds {

  private static final char[] DIGITS = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private long lastMillis;

  /** A new id for a job created at {@code nowMillis} (or just after the previous id, whichever is later). */
  synchronized String next(long nowMillis) {
    lastMillis = Math.max(nowMillis, lastMillis + 1);
    StringBuilder id = new StringBuilder(15);
    long time = lastMillis;
    char[] timeDigits = new char[10];
    for (int i = 9; i >= 0; i--) {
      timeDigits[i] = DIGITS[(int) (time & 31)];
      time >>>= 5;
    }
    id.append(timeDigits).append('-');
    for (int i = 0; i < 4; i++) {
      id.append(DIGITS[RANDOM.nextInt(32)]);
    }
    return id.toString();
  }

  /** Whether {@code id} could be a job id (guards paths built from client input). */
  static boolean isWellFormed(String id) {
    return id != null && id.matches("[0-9a-z]{10}-[0-9a-z]{4}");
  }
}
