package io.seqbind.variant.mutmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqbind.variant.render.MutationMapSvg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantMarkersTest {

  @Test
  void variantsInsideTheRegionBecomeMarkersAtTheirColumn(@TempDir Path dir) throws Exception {
    Path vcf = dir.resolve("v.vcf");
    Files.writeString(vcf, "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        + "chr1\t9\ta\tA\tC\t.\t.\t.\n"
        + "chr1\t10\tb\tA\tG\t.\t.\t.\n"
        + "chr2\t12\tc\tA\tG\t.\t.\t.\n"
        + "chr1\t14\t.\tAC\tA,T\t.\t.\t.\n"
        + "chr1\t15\td\tA\tG\t.\t.\t.\n");
    assertEquals(List.of(new MutationMapSvg.Marker(0, "b A>G"), new MutationMapSvg.Marker(4, "AC>A,T")),
        VariantMarkers.within(vcf, "chr1", 10, 5));
  }
}
