package io.seqbind.scorer.score;

import io.grpc.Status;
import io.seqbind.core.seq.Bases;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.Sequence;

/** The per-sequence problems of the contract, as ItemErrors whose message a person can act on. */
final class SequenceChecks {

  private SequenceChecks() {}

  /** Problems that concern every model (empty, too long, a character that is not a base), or null. */
  static ItemError common(Sequence seq, long index, int maxLength) {
    String bases = seq.getBases();
    if (bases.isEmpty()) {
      return error(seq, index, ErrorReason.ERROR_REASON_EMPTY_SEQUENCE, "", "empty sequence, expected at least one base");
    }
    if (bases.length() > maxLength) {
      return error(seq, index, ErrorReason.ERROR_REASON_TOO_LONG, "", bases.length()
          + " bases, more than this server's maximum of " + maxLength);
    }
    int bad = Bases.firstInvalid(bases);
    if (bad >= 0) {
      return error(seq, index, ErrorReason.ERROR_REASON_INVALID_CHARACTER, "", "position " + (bad + 1)
          + ": unexpected character " + Bases.describe(bases.charAt(bad)) + " (expected " + Bases.EXPECTED + ")");
    }
    return null;
  }

  /** The sequence is shorter than the model's receptive field, or null. */
  static ItemError forModel(Sequence seq, long index, ModelInfo model) {
    int min = Math.max(1, model.getMinLength());
    int length = seq.getBases().length();
    if (length < min) {
      return error(seq, index, ErrorReason.ERROR_REASON_TOO_SHORT, model.getId(), length + " bases, model "
          + model.getName().getName() + ":" + model.getName().getVersion() + " (" + model.getId().substring(0, 12)
          + ") needs at least " + min);
    }
    return null;
  }

  /** {@code sequence at index 5 ('chr1:100-201')}: how messages name a sequence. */
  static String name(Sequence seq, long index) {
    return "sequence at index " + index + (seq.getId().isEmpty() ? "" : " ('" + seq.getId() + "')");
  }

  private static ItemError error(Sequence seq, long index, ErrorReason reason, String modelId, String what) {
    return ItemError.newBuilder()
        .setIndex(index)
        .setId(seq.getId())
        .setCode(Status.Code.INVALID_ARGUMENT.value())
        .setReason(reason)
        .setModelId(modelId)
        .setMessage(name(seq, index) + ": " + what)
        .build();
  }
}
