package io.seqbind.variant.mutmap;

import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.effects.VariantInput;
import io.seqbind.variant.effects.VcfSource;
import io.seqbind.variant.render.MutationMapSvg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The VCF variants that fall on a mutation-mapped region, as markers for {@link MutationMapSvg}: one per
 * record whose first REF base lies in the region, at its column, labelled {@code id REF>ALT}. An indexed
 * VCF is queried for the region; otherwise the file is streamed.
 */
public final class VariantMarkers {

  private VariantMarkers() {}

  /**
   * @param start 1-based position of the map's first column
   * @param length number of columns
   */
  public static List<MutationMapSvg.Marker> within(Path vcf, String chrom, long start, int length) {
    long end = start + length - 1;
    boolean indexed = Files.exists(Path.of(vcf + ".tbi")) || Files.exists(Path.of(vcf + ".csi"));
    List<MutationMapSvg.Marker> out = new ArrayList<>();
    try (VcfSource source = indexed ? VcfSource.query(vcf, chrom, start, end) : VcfSource.open(vcf)) {
      while (source.hasNext()) {
        VariantInput v = source.next();
        VariantRecord r = v.record();
        if (r.getChrom().equals(chrom) && r.getPos() >= start && r.getPos() <= end) {
          String id = r.getId().isEmpty() || r.getId().equals(".") ? "" : r.getId() + " ";
          out.add(new MutationMapSvg.Marker((int) (r.getPos() - start),
              id + r.getRef() + ">" + String.join(",", r.getAltList())));
        }
      }
    }
    return out;
  }
}
