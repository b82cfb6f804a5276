package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.FastaRecord;
import io.seqbind.core.seq.Bases;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ExtractMotifsRequest;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.variant.motifs.MotifExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sequences and threshold of an ExtractMotifs request: the inline batch or the FASTA file it names, each
 * sequence checked (U read as T); a sequence with an invalid character or shorter than the filter width is
 * left out and listed as an ItemError (variant.proto), and no usable sequence at all is an
 * IllegalArgumentException.
 */
public final class MotifInputs {

  /** The sequences to scan, upper case, and the ones left out. */
  public record Checked(List<String> usable, List<ItemError> errors) {}

  private final VariantRequests requests;

  public MotifInputs(VariantRequests requests) {
    this.requests = requests;
  }

  /** threshold_fraction, or the default when unset; must lie in (0, 1]. */
  public static double threshold(ExtractMotifsRequest request) {
    double threshold = request.hasThresholdFraction() ? request.getThresholdFraction().getValue()
        : MotifExtractor.DEFAULT_THRESHOLD;
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold_fraction " + threshold + ", expected a value in (0, 1]");
    }
    return threshold;
  }

  /** The request's sequences, checked against a filter of {@code width}. */
  public Checked sequences(ExtractMotifsRequest request, int width) {
    InputSequences all = switch (request.getSequencesCase()) {
      case BATCH -> InputSequences.of(request.getBatch(), "batch");
      case FASTA_URI -> InputSequences.of(readFasta(requests.file(request.getFastaUri(), "fasta_uri")), null,
          "fasta_uri");
      case SEQUENCES_NOT_SET -> throw new IllegalArgumentException("no sequences, expected a batch or a fasta_uri");
    };
    List<String> usable = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String bases = all.bases(i).toUpperCase(Locale.ROOT).replace('U', 'T');
      int bad = Bases.firstInvalid(bases);
      if (bad >= 0) {
        errors.add(itemError(i, all.id(i), ErrorReason.ERROR_REASON_INVALID_CHARACTER, "position "
            + (bad + 1) + " holds " + Bases.describe(bases.charAt(bad)) + ", expected " + Bases.EXPECTED));
      } else if (bases.length() < width) {
        errors.add(itemError(i, all.id(i), bases.isEmpty() ? ErrorReason.ERROR_REASON_EMPTY_SEQUENCE
            : ErrorReason.ERROR_REASON_TOO_SHORT, bases.length() + " bases, expected at least the filter width "
            + width));
      } else {
        usable.add(bases);
      }
    }
    if (usable.isEmpty()) {
      throw new IllegalArgumentException("no usable sequence among " + all.size() + (errors.isEmpty() ? ""
          : " (first problem: sequence " + errors.get(0).getIndex() + ": " + errors.get(0).getMessage() + ")"));
    }
    return new Checked(usable, errors);
  }

  private static List<Sequence> readFasta(java.nio.file.Path fasta) {
    List<Sequence> out = new ArrayList<>();
    for (FastaRecord r : FastaReader.readAll(fasta)) {
      out.add(Sequence.newBuilder().setId(r.name()).setBases(r.sequence().toString()).build());
    }
    return out;
  }

  private static ItemError itemError(int index, String id, ErrorReason reason, String message) {
    return ItemError.newBuilder().setIndex(index).setId(id).setCode(Status.Code.INVALID_ARGUMENT.value())
        .setReason(reason).setMessage("sequence " + index + (id.isEmpty() ? "" : " (" + id + ")") + ": " + message)
        .build();
  }
}
