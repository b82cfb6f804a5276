package io.seqbind.scorer.grpc;

import io.seqbind.core.bundle.ModelRefs;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.scorer.runtime.ModelResolver;
import io.seqbind.scorer.runtime.SessionCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The distinct models of a request, opened, in request order. */
final class ModelSelection {

  private ModelSelection() {}

  /** Checks the references before any work (INVALID_ARGUMENT names the offending entry). */
  static void checkRefs(List<ModelRef> refs) {
    if (refs.isEmpty()) {
      throw new IllegalArgumentException("no models: give at least one ModelRef (by id or name)");
    }
    for (int i = 0; i < refs.size(); i++) {
      try {
        ModelRefs.checkWellFormed(refs.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("models[" + i + "]: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Resolves, checks the alphabet and leases each distinct model. On failure the leases taken so far are
   * returned before the exception propagates.
   */
  static List<SessionCache.Lease> open(List<ModelRef> refs, Alphabet alphabet, ModelResolver resolver,
      SessionCache cache) {
    Map<String, ModelInfo> distinct = new LinkedHashMap<>();
    for (ModelRef ref : refs) {
      ModelInfo info = resolver.resolve(ref);
      if (alphabet != Alphabet.ALPHABET_UNSPECIFIED && info.getAlphabet() != Alphabet.ALPHABET_UNSPECIFIED
          && info.getAlphabet() != alphabet) {
        throw new IllegalArgumentException("the sequences are " + word(alphabet) + " but model "
            + info.getName().getName() + ":" + info.getName().getVersion() + " reads " + word(info.getAlphabet())
            + "; send " + word(info.getAlphabet()) + " or leave the alphabet unspecified");
      }
      distinct.putIfAbsent(info.getId(), info);
    }
    List<SessionCache.Lease> leases = new ArrayList<>();
    try {
      for (ModelInfo info : distinct.values()) {
        leases.add(cache.acquire(info));
      }
      return leases;
    } catch (RuntimeException e) {
      release(leases);
      throw e;
    }
  }

  static void release(List<SessionCache.Lease> leases) {
    leases.forEach(SessionCache.Lease::close);
  }

  private static String word(Alphabet a) {
    return a == Alphabet.ALPHABET_RNA ? "RNA" : "DNA";
  }
}
