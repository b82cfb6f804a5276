package io.seqbind.cli;

import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.FastaRecord;
import io.seqbind.core.io.Quoted;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.GetMutationMapResponse;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.MutationMap;
import io.seqbind.proto.v1.ReferenceRegion;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.effects.VcfSource;
import io.seqbind.variant.mutmap.MutationMapFormats;
import io.seqbind.variant.mutmap.VariantMarkers;
import io.seqbind.variant.render.MutationMapSvg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqbind mutmap}: in silico mutagenesis through the variant service. Every single-base substitution
 * of a sequence is scored; the 4 x L deltas and per-position importance are written as SVG (DeepBind Fig. 4
 * style), TSV and JSON.
 */
@Command(
    name = "mutmap",
    mixinStandardHelpOptions = true,
    description = {
      "Mutation maps: every single-base substitution of each sequence scored by the model through the variant "
          + "service; writes OUT/NAME.svg (letters scaled by importance over a heat map of the deltas), NAME.tsv "
          + "and NAME.json per sequence and prints one summary line each.",
      "Targets: the records of a FASTA (--input), one reference region (--region with --genome), or a window "
          + "around each variant of a VCF (--vcf with --genome), with the VCF's variants marked on the map."
    })
final class MutmapCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model: bundle directory, id, name:version or name.")
  String model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--input", description = "FASTA of sequences to map.")
    Path fasta;

    @Option(names = "--region", description = "CHROM:START-END of --genome (1-based, inclusive).")
    String region;

    @Option(names = "--vcf", description = "VCF whose variants are each mapped in a window of --length.")
    Path vcf;
  }

  @Option(names = "--genome", description = "Indexed reference FASTA for --region and --vcf.")
  Path genome;

  @Option(names = "--length", defaultValue = "101",
      description = "Window around each --vcf variant (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--limit", defaultValue = "100", description = "Most maps from a --vcf (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--strand", defaultValue = "model",
      description = "model or both (also each strand's deltas) (default: ${DEFAULT-VALUE}).")
  String strand;

  @Option(names = "--task", description = "Tasks to map (repeatable; default: all).")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--out", required = true, description = "Directory for the maps (created).")
  Path out;

  @Mixin ServiceOptions services;

  @Override
  public Integer call() throws Exception {
    if (target.fasta == null && genome == null) {
      throw new IllegalArgumentException("--region and --vcf need --genome (an indexed reference FASTA)");
    }
    if (length < 1) {
      throw new IllegalArgumentException("--length must be at least 1, got " + length);
    }
    StrandMode strandMode = strandMode(strand);
    OutputDirs.requireFresh(out, "--out");
    try (Services s = services.connect()) {
      ModelRef ref = s.model(model);
      GetMutationMapRequest base = GetMutationMapRequest.newBuilder().setModel(ref).addAllTasks(tasks)
          .setStrand(strandMode).build();
      // Every map lands in a temporary directory renamed to --out at the end: a failure leaves nothing.
      AtomicDirectory.write(out, dir -> writeMaps(s, base, new Maps(dir)));
    }
    return 0;
  }

  static StrandMode strandMode(String strand) {
    return Choices.parse("--strand", strand, StrandMode.class, "STRAND_MODE_");
  }


  private void writeMaps(Services s, GetMutationMapRequest base, Maps maps) throws IOException {
    if (target.fasta != null) {
      try (FastaReader reader = FastaReader.open(target.fasta)) {
        while (reader.hasNext()) {
          FastaRecord r = reader.next();
          maps.add(s, base.toBuilder().setSequence(Sequence.newBuilder().setId(r.name()).setBases(r.sequence()))
              .build(), List.of(), target.fasta + ":" + reader.lineOfLast());
        }
      }
    } else if (target.region != null) {
      GenomicRegion region = VariantsCommand.parseRegion(target.region);
      if (region.getStart() == 0) {
        throw new IllegalArgumentException("--region '" + target.region + "': a mutation map needs START-END");
      }
      maps.add(s, withRegion(base, region), List.of(), "--region");
    } else {
      for (GenomicRegion region : variantWindows()) {
        maps.add(s, withRegion(base, region),
            VariantMarkers.within(target.vcf, region.getChrom(), region.getStart(), length), target.vcf.toString());
      }
    }
  }

  private GetMutationMapRequest withRegion(GetMutationMapRequest base, GenomicRegion region) {
    return base.toBuilder().setRegion(ReferenceRegion.newBuilder()
        .setReferenceUri(genome.toAbsolutePath().toString()).setRegion(region)).build();
  }

  /** A window of --length centred on each distinct variant position, the first --limit of them. */
  private List<GenomicRegion> variantWindows() {
    List<GenomicRegion> windows = new ArrayList<>();
    try (VcfSource source = VcfSource.open(target.vcf)) {
      String last = "";
      while (source.hasNext() && windows.size() < limit) {
        VariantRecord r = source.next().record();
        long start = Math.max(1, r.getPos() - length / 2);
        String key = r.getChrom() + ":" + start;
        if (!key.equals(last)) {
          windows.add(GenomicRegion.newBuilder().setChrom(r.getChrom()).setStart(start).setEnd(start + length - 1)
              .build());
          last = key;
        }
      }
    }
    return windows;
  }

  /** The maps written so far into one directory; two sequences never share a file name. */
  private static final class Maps {
    private final Path dir;
    private final Map<String, String> sources = new HashMap<>();

    Maps(Path dir) {
      this.dir = dir;
    }

    void add(Services s, GetMutationMapRequest request, List<MutationMapSvg.Marker> markers, String source)
        throws IOException {
      String id = request.hasSequence() ? request.getSequence().getId() : "";
      if (!id.isEmpty()) {
        String earlier = sources.putIfAbsent(fileName(id), source);
        if (earlier != null) {
          throw new IllegalArgumentException(source + ": sequence " + Quoted.token(id) + " would be written to the"
              + " same files (" + fileName(id) + ".*) as the one at " + earlier + ", expected unique names");
        }
      }
      map(s, request, markers, dir);
    }
  }

  private static void map(Services s, GetMutationMapRequest request, List<MutationMapSvg.Marker> markers, Path out)
      throws IOException {
    GetMutationMapResponse response = s.variant().getMutationMap(request);
    String sequence = response.getSequence().getBases();
    String name = fileName(response.getSequence().getId());
    StringBuilder tsv = new StringBuilder();
    String svg = null;
    for (MutationMap m : response.getMapsList()) {
      tsv.append(MutationMapFormats.tsv(sequence, m));
      if (svg == null) { // the first task's map; the JSON and TSV hold every task
        svg = MutationMapSvg.render(sequence, m, markers);
      }
      int top = 0;
      for (int j = 1; j < m.getLength(); j++) {
        top = m.getImportance(j) > m.getImportance(top) ? j : top;
      }
      System.out.printf(Locale.ROOT, "mutmap: %s task=%s length=%d wild_type_score=%.4f most_important=%d(%.4f)%n",
          response.getSequence().getId(), m.getTask(), m.getLength(), m.getWildTypeScore(), top + 1,
          m.getImportance(top));
    }
    String svgText = svg;
    AtomicFiles.writeText(out.resolve(name + ".svg"), w -> w.write(svgText));
    AtomicFiles.writeText(out.resolve(name + ".tsv"), w -> w.write(tsv.toString()));
    AtomicFiles.writeText(out.resolve(name + ".json"),
        w -> w.write(MutationMapFormats.json(response.getModelId(), sequence, response.getMapsList())));
  }

  /** A sequence id as a file name: chr1:100-200 becomes chr1_100-200. */
  static String fileName(String id) {
    String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "sequence" + safe : safe;
  }
}
