package io.seqbind.variant.grpc;

import io.seqbind.proto.v1.FilterMotif;
import io.seqbind.variant.motifs.Motif;
import io.seqbind.variant.render.LogoSvg;

/** A {@link Motif} as the contract's FilterMotif: frequencies row-major [4, W], information per position. */
final class MotifProtos {

  private MotifProtos() {}

  static FilterMotif of(Motif m, boolean svg) {
    FilterMotif.Builder b = FilterMotif.newBuilder().setFilter(m.filter()).setWidth(m.width()).setSites(m.sites())
        .setMaxActivation(m.maxActivation()).setTotalInformationContent((float) m.totalInformation());
    for (int base = 0; base < 4; base++) {
      for (int j = 0; j < m.width(); j++) {
        b.addFrequencies((float) m.frequencies()[base][j]);
      }
    }
    for (double ic : m.information()) {
      b.addInformationContent((float) ic);
    }
    if (svg) {
      b.setSvg(LogoSvg.render(m));
    }
    return b.build();
  }
}
