package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htsjdk.samtools.reference.FastaSequenceIndexCreator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.scorer.ScorerRuntime;
import io.seqbind.scorer.ScorerSettings;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.effects.VcfEffectsJob;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqbind variants} goes through the variant service's ScoreVcf and puts the stream back together per
 * record: its TSV and annotated VCF must be exactly what the effects job writes when it scores the same VCF
 * directly (the reference here), for every kind of outcome: scored alleles, alleles skipped one by one (a
 * symbolic ALT, alone or beside a scored one), whole records skipped (unknown contig, REF mismatch under
 * skip, FILTER under --pass-only) and a record with no ALT at all.
 */
class VariantsThroughScoreVcfTest {

  @TempDir Path dir;
  private Path model;
  private Path genome;
  private Path vcf;

  /** The Galaxy tools' small model and genome, and a VCF with every kind of outcome over that genome. */
  @BeforeEach
  void files() throws IOException {
    model = Files.createDirectories(dir.resolve("model"));
    for (String file : List.of("model.onnx", "manifest.json")) {
      Files.copy(Path.of("..", "galaxy", "test-data", file), model.resolve(file));
    }
    genome = Files.copy(Path.of("..", "galaxy", "test-data", "genome.fa"), dir.resolve("genome.fa"));
    FastaSequenceIndexCreator.create(genome, true);
    vcf = dir.resolve("mixed.vcf");
    Files.writeString(vcf, mixedVcf(genome));
  }

  @Test
  void theCommandWritesWhatTheEffectsJobWritesForEveryKindOfOutcome() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));

    CliRun.Result run = CliRun.run("variants", "--model", model.toString(), "--vcf", vcf.toString(), "--genome",
        genome.toString(), "--out", dir.resolve("cli.vcf.gz").toString(), "--ref-mismatch", "skip", "--pass-only",
        "--strand", "both", "--store", store.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("variants: records=9 "), run.out());

    Path jobsDir = Files.createDirectories(dir.resolve("jobs"));
    ModelStore models = new ModelStore(store);
    try (ServiceHost host = ServiceHost.start(models, jobsDir, new SimpleMeterRegistry())) {
      ModelBundle bundle = models.get(model.toString());
      models.register(bundle); // as the command does with a bundle directory
      EffectOptions options = new EffectOptions(List.of(ScoringModel.of(bundle.info())), StrandMode.STRAND_MODE_BOTH,
          RefMismatchPolicy.REF_MISMATCH_POLICY_SKIP, true);
      new VcfEffectsJob(new WindowScorer(ScorerServiceGrpc.newBlockingStub(host.channel()))).run(vcf, null, genome,
          options, dir.resolve("job.tsv"), dir.resolve("job.vcf.gz"), t -> { });
    }

    List<String> tsv = Files.readAllLines(dir.resolve("cli.tsv"));
    assertEquals(Files.readAllLines(dir.resolve("job.tsv")), tsv);
    assertEquals(gunzip(dir.resolve("job.vcf.gz")), gunzip(dir.resolve("cli.vcf.gz")));
    // The outcomes the VCF was written to produce, so the comparison above covers each of them.
    String all = String.join("\n", tsv);
    for (String reason : List.of("ERROR_REASON_UNSUPPORTED_ALLELE", "ERROR_REASON_UNKNOWN_CONTIG",
        "ERROR_REASON_REF_MISMATCH", "ERROR_REASON_FILTERED")) {
      assertTrue(all.contains(reason), reason + " in\n" + all);
    }
    assertTrue(tsv.stream().anyMatch(r -> r.contains("\tscored\t")), all);
  }

  /**
   * With --endpoint, only the scorer is remote: a deployment with a scorer alone (no variant service, its own
   * store, none of the caller's files) gives the same effects as the in-process services, the VCF and genome
   * being read by the command's own variant service.
   */
  @Test
  void withAnEndpointOnlyTheScorerIsRemoteAndTheFilesStayHere() throws Exception {
    List<String> options = List.of("variants", "--vcf", vcf.toString(), "--genome", genome.toString(), "--ref-mismatch", "skip",
        "--strand", "both");

    CliRun.Result local = CliRun.run(concat(options, "--model", model.toString(), "--out",
        dir.resolve("local.tsv").toString(), "--store", Files.createDirectories(dir.resolve("store")).toString()));
    assertEquals(0, local.code(), local.err());

    ModelStore serverStore = new ModelStore(dir.resolve("server-store"));
    ModelBundle bundle = ModelBundle.load(model);
    serverStore.add(Files.readAllBytes(bundle.onnxFile()), bundle.info());
    try (ScorerRuntime scorer = ScorerRuntime.create(serverStore, ScorerSettings.defaults(), new SimpleMeterRegistry())) {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
          .addService(scorer.service()).build().start();
      try {
        CliRun.Result remote = CliRun.run(concat(options, "--model", bundle.id(), "--out",
            dir.resolve("remote.tsv").toString(), "--endpoint", "localhost:" + server.getPort()));
        assertEquals(0, remote.code(), remote.err());
        assertEquals(local.out().lines().filter(l -> l.startsWith("variants: records=")).toList(),
            remote.out().lines().filter(l -> l.startsWith("variants: records=")).toList());
      } finally {
        server.shutdownNow().awaitTermination();
      }
    }
    assertEquals(Files.readAllLines(dir.resolve("local.tsv")), Files.readAllLines(dir.resolve("remote.tsv")));
  }

  private static String[] concat(List<String> options, String... more) {
    return java.util.stream.Stream.concat(options.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
  }

  /** Records whose REF is read from the genome, so that only the ones meant to mismatch do. */
  private static String mixedVcf(Path genome) {
    try (ReferenceGenome g = ReferenceGenome.open(genome)) {
      String c = "chrS1";
      String a = g.fetch(c, 199, 200);
      String b = g.fetch(c, 299, 300);
      String d = g.fetch(c, 399, 400);
      String e = g.fetch(c, 499, 500);
      String f = g.fetch(c, 599, 600);
      String h = g.fetch(c, 699, 700);
      String wrong = d.equals("A") ? "C" : "A";
      return String.join("\n",
          "##fileformat=VCFv4.2",
          "##FILTER=<ID=LowQual,Description=\"Low quality\">",
          "##contig=<ID=chrS1,length=8262>",
          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
          c + "\t200\tscored\t" + a + "\t" + other(a) + "\t.\tPASS\t.",
          c + "\t300\ttwo_alts_one_symbolic\t" + b + "\t" + other(b) + ",<DEL>\t.\tPASS\t.",
          c + "\t400\tref_mismatch\t" + wrong + "\t" + other(wrong) + "\t.\tPASS\t.",
          "chrNone\t10\tunknown_contig\tA\tC\t.\tPASS\t.",
          c + "\t500\tsymbolic_alone\t" + e + "\t<INS>\t.\tPASS\t.",
          c + "\t600\tfiltered\t" + f + "\t" + other(f) + "\t.\tLowQual\t.",
          c + "\t650\tno_alt\t" + g.fetch(c, 649, 650) + "\t.\t.\tPASS\t.",
          c + "\t700\tthree_alts\t" + h + "\t" + String.join(",", others(h)) + "\t.\t.\t.",
          c + "\t800\tlast\t" + g.fetch(c, 799, 800) + "\t" + other(g.fetch(c, 799, 800)) + "\t.\tPASS\t.",
          "");
    }
  }

  private static String other(String base) {
    return base.equals("A") ? "G" : "A";
  }

  private static List<String> others(String base) {
    return List.of("A", "C", "G", "T").stream().filter(x -> !x.equals(base)).toList();
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
