package io.seqbind.scorer.grpc;

import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.ProviderChoice;

/** The fixed facts GetRuntimeInfo reports: provider, settings and versions. */
public record RuntimeDescription(ProviderChoice provider, ScorerSettings settings, String seqbindVersion,
    String onnxRuntimeVersion) {}
