package io.seqbind.scorer.score;

import io.grpc.Status;
import io.seqbind.core.seq.Bases;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelInfo;

/** The per-sequence problems of the contract, as ItemErrors whose message a person can act on. */
final class SequenceChecks {

  private SequenceChecks() {}

  /** Problems of sequence {@code i} that concern every model (empty, too long, a character that is not a base), or null. */
  static ItemError common(InputSequences seqs, int i, long index, int maxLength) {
    int length = seqs.length(i);
    if (length == 0) {
      return error(seqs, i, index, ErrorReason.ERROR_REASON_EMPTY_SEQUENCE, "",
          "empty sequence, expected at least one base");
    }
    if (length > maxLength) {
      return error(seqs, i, index, ErrorReason.ERROR_REASON_TOO_LONG, "", length
          + " bases, more than this server's maximum of " + maxLength);
    }
    int bad = seqs.firstInvalid(i);
    if (bad >= 0) {
      return error(seqs, i, index, ErrorReason.ERROR_REASON_INVALID_CHARACTER, "", "position " + (bad + 1)
          + ": unexpected character " + Bases.describe(seqs.charAt(i, bad)) + " (expected " + Bases.EXPECTED + ")");
    }
    return null;
  }

  /** Sequence {@code i} is shorter than the model's receptive field, or null. */
  static ItemError forModel(InputSequences seqs, int i, long index, ModelInfo model) {
    int min = Math.max(1, model.getMinLength());
    int length = seqs.length(i);
    if (length < min) {
      return error(seqs, i, index, ErrorReason.ERROR_REASON_TOO_SHORT, model.getId(), length + " bases, model "
          + model.getName().getName() + ":" + model.getName().getVersion() + " (" + model.getId().substring(0, 12)
          + ") needs at least " + min);
    }
    return null;
  }

  /** {@code sequence at index 5 ('chr1:100-201')}: how messages name a sequence. */
  static String name(String id, long index) {
    return "sequence at index " + index + (id.isEmpty() ? "" : " ('" + id + "')");
  }

  private static ItemError error(InputSequences seqs, int i, long index, ErrorReason reason, String modelId,
      String what) {
    String id = seqs.id(i);
    return ItemError.newBuilder()
        .setIndex(index)
        .setId(id)
        .setCode(Status.Code.INVALID_ARGUMENT.value())
        .setReason(reason)
        .setModelId(modelId)
        .setMessage(name(id, index) + ": " + what)
        .build();
  }
}
