package io.seqbind.trainer.jobs;

/**
 * Who asks the job queue for something, for per-owner jobs: a job belongs to the principal who submitted it,
 * and only that principal or an admin may see, watch or cancel it. {@link #anyone()} is a caller without
 * authentication (the in-process CLI, a server without tokens): it sees every job, and its jobs have no owner.
 *
 * @param principal the authenticated name, or null without authentication
 * @param admin     whether the caller may see and cancel every owner's jobs
 */
public record Caller(String principal, boolean admin) {

  private static final Caller ANYONE = new Caller(null, false);

  public static Caller anyone() {
    return ANYONE;
  }

  /** Whether this caller may see a job that {@code owner} submitted (null: submitted without authentication). */
  public boolean sees(String owner) {
    return principal == null || admin || principal.equals(owner);
  }

  /** How messages name the caller's upload account. */
  String accountName() {
    return principal == null ? "unauthenticated callers" : "principal " + principal;
  }
}
