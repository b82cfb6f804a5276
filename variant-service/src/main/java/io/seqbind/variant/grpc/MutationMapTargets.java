package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.seqbind.core.io.Quoted;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.core.seq.Bases;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.ReferenceRegion;
import io.seqbind.proto.v1.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a GetMutationMap request maps: its inline sequence (checked, U read as T) or its reference region
 * (fetched from the indexed genome), at most {@link #MAX_LENGTH} bases, and the tasks it names. A malformed
 * request is an IllegalArgumentException; a contig the reference lacks NOT_FOUND, a region past its end
 * OUT_OF_RANGE (variant.proto).
 */
public final class MutationMapTargets {

  /** Largest sequence GetMutationMap maps (variant.proto). */
  public static final int MAX_LENGTH = 10_000;

  private final VariantRequests requests;

  public MutationMapTargets(VariantRequests requests) {
    this.requests = requests;
  }

  public Sequence target(GetMutationMapRequest request) {
    return switch (request.getTargetCase()) {
      case SEQUENCE -> inline(request.getSequence());
      case REGION -> region(request.getRegion());
      case TARGET_NOT_SET -> throw new IllegalArgumentException("no target, expected a sequence or a region");
    };
  }

  /** The indices of the named tasks among {@code taskNames}. */
  public static List<Integer> tasks(List<String> names, List<String> taskNames) {
    List<Integer> tasks = new ArrayList<>();
    for (String name : names) {
      int t = taskNames.indexOf(name);
      if (t < 0) {
        throw new IllegalArgumentException("unknown task " + Quoted.token(name) + ", expected one of " + taskNames);
      }
      tasks.add(t);
    }
    return tasks;
  }

  private static Sequence inline(Sequence s) {
    String bases = s.getBases().toUpperCase(Locale.ROOT).replace('U', 'T');
    String name = s.getId().isEmpty() ? "sequence" : "sequence " + Quoted.token(s.getId());
    if (bases.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty, expected bases");
    }
    if (bases.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " has " + bases.length() + " bases, expected at most " + MAX_LENGTH);
    }
    int bad = Bases.firstInvalid(bases);
    if (bad >= 0) {
      throw new IllegalArgumentException(name + " position " + (bad + 1) + " holds " + Bases.describe(bases.charAt(bad))
          + ", expected " + Bases.EXPECTED);
    }
    return Sequence.newBuilder().setId(s.getId()).setBases(bases).build();
  }

  private Sequence region(ReferenceRegion r) {
    GenomicRegion region = r.getRegion();
    String text = region.getChrom() + ":" + region.getStart() + "-" + region.getEnd();
    if (region.getStart() < 1 || region.getEnd() < region.getStart()) {
      throw new IllegalArgumentException("region " + text
          + ", expected 1 <= start <= end (both required for a mutation map)");
    }
    if (region.getEnd() - region.getStart() + 1 > MAX_LENGTH) {
      throw new IllegalArgumentException("region of " + (region.getEnd() - region.getStart() + 1)
          + " bases, expected at most " + MAX_LENGTH);
    }
    try (ReferenceGenome genome = ReferenceGenome.open(requests.reference(r.getReferenceUri(),
        "region.reference_uri"))) {
      long length = genome.contigLength(region.getChrom());
      if (length < 0) {
        throw Status.NOT_FOUND.withDescription("contig " + Quoted.token(region.getChrom()) + " is not in the reference "
            + genome.file()).asRuntimeException();
      }
      if (region.getEnd() > length) {
        throw Status.OUT_OF_RANGE.withDescription("region " + text + " ends past the contig (length " + length + ")")
            .asRuntimeException();
      }
      return Sequence.newBuilder().setId(text).setBases(genome.fetch(region.getChrom(), region.getStart() - 1,
          region.getEnd())).build();
    }
  }
}
