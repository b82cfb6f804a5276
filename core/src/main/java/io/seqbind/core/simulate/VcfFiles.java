package io.seqbind.core.simulate;

import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.VariantContextBuilder;
import htsjdk.variant.variantcontext.writer.VariantContextWriter;
import htsjdk.variant.variantcontext.writer.VariantContextWriterBuilder;
import htsjdk.variant.vcf.VCFHeader;
import htsjdk.variant.vcf.VCFHeaderLine;
import htsjdk.variant.vcf.VCFHeaderLineType;
import htsjdk.variant.vcf.VCFInfoHeaderLine;
import io.seqbind.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes simulated variants as a sites-only VCF with htsjdk, through {@link AtomicFiles}. The header
 * carries the contigs with their lengths, the reference file name and INFO fields that record the truth:
 * {@code IN_MOTIF} (flag), {@code MOTIF}, {@code MOTIF_POS} and {@code SITE}.
 */
final class VcfFiles {

  static final String IN_MOTIF = "IN_MOTIF";
  static final String MOTIF = "MOTIF";
  static final String MOTIF_POS = "MOTIF_POS";
  static final String SITE = "SITE";

  private VcfFiles() {}

  static void write(SyntheticGenome genome, List<SimulatedVariant> variants, String referenceName, Path path)
      throws IOException {
    Set<VCFHeaderLine> meta = new LinkedHashSet<>();
    meta.add(new VCFHeaderLine("source", "seqbind-simulate"));
    meta.add(new VCFHeaderLine("reference", referenceName));
    meta.add(new VCFInfoHeaderLine(IN_MOTIF, 0, VCFHeaderLineType.Flag,
        "Variant lies inside a planted motif site"));
    meta.add(new VCFInfoHeaderLine(MOTIF, 1, VCFHeaderLineType.String,
        "Motif of the planted site the variant lies in"));
    meta.add(new VCFInfoHeaderLine(MOTIF_POS, 1, VCFHeaderLineType.Integer,
        "1-based position within the motif, read on the motif's strand"));
    meta.add(new VCFInfoHeaderLine(SITE, 1, VCFHeaderLineType.String,
        "Planted site as contig:start-end:strand, 1-based inclusive"));
    VCFHeader header = new VCFHeader(meta, List.of());
    header.setSequenceDictionary(GenomeFiles.dictionary(genome));

    AtomicFiles.write(path, out -> {
      VariantContextWriter writer = new VariantContextWriterBuilder()
          .setOutputVCFStream(out)
          .setReferenceDictionary(GenomeFiles.dictionary(genome))
          .clearOptions()
          .unsetBuffering()
          .build();
      writer.writeHeader(header);
      for (SimulatedVariant v : variants) {
        List<Allele> alleles = new ArrayList<>();
        alleles.add(Allele.create(v.ref(), true));
        for (String alt : v.alts()) {
          alleles.add(Allele.create(alt, false));
        }
        VariantContextBuilder vc = new VariantContextBuilder("seqbind-simulate", v.contig(), v.position(), v.end(),
            alleles).id(v.id()).passFilters();
        if (v.inMotif()) {
          GenomicSite s = v.site();
          vc.attribute(IN_MOTIF, true)
              .attribute(MOTIF, v.motif())
              .attribute(MOTIF_POS, v.motifPosition())
              .attribute(SITE, s.contig() + ":" + (s.start() + 1) + "-" + s.end() + ":" + s.strand().symbol());
        }
        writer.add(vc.make());
      }
      writer.close();
    });
  }
}
