package io.seqbind.variant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.fuzz.FuzzChecks;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ReferenceRegion;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.proto.v1.VariantServiceGrpc;
import io.seqbind.variant.grpc.VariantGrpcService;
import io.seqbind.variant.motifs.FirstLayerFilters;
import io.seqbind.variant.testing.Fixture;
import io.seqbind.variant.testing.InProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The variant service's request checks, through an in-process gRPC channel over the PWM scorer: GetMutationMap
 * with an inline sequence or a reference region, and ScoreVcf. The first byte picks the call; the rest is
 * merged, as protobuf, into a well-formed request (so any field may be set to anything), or for ScoreVcf's
 * mode 3 is the VCF file itself. A call answers or fails with a status a client can act on, never INTERNAL,
 * and its description repeats neither the VCF's content nor more than a token of the request.
 */
class VariantRequestFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("variant-requests");
  private static final Fixture FIXTURE;
  private static final VariantServiceGrpc.VariantServiceBlockingStub STUB;
  private static final Path GOOD_VCF;

  static {
    try {
      FIXTURE = new Fixture(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, ModelInfo> byId = Map.of(Fixture.BIND_ID, FIXTURE.bindInfo, Fixture.REG_ID, FIXTURE.regInfo);
    float[][][] w = new float[1][4][2];
    w[0][0][0] = 1;
    w[0][1][1] = 1;
    FirstLayerFilters filters = new FirstLayerFilters(w, new float[] {0});
    VariantGrpcService service = new VariantGrpcService(FIXTURE.stub(),
        ref -> ref.hasName() ? (ref.getName().getName().equals("bind") ? FIXTURE.bindInfo : null)
            : byId.get(ref.getId()),
        info -> info.getId().equals(Fixture.BIND_ID) ? filters : null,
        new VariantGrpcService.Settings(16, 7, Duration.ZERO, Duration.ofHours(1), io.seqbind.core.io.DataRoots.any()));
    STUB = VariantServiceGrpc.newBlockingStub(new InProcess(service.bindService()).channel);
    String c1 = FIXTURE.genome.contigs.get("chr1");
    GOOD_VCF = FuzzChecks.write(DIR.resolve("good.vcf"), ("##fileformat=VCFv4.2\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        + "chr1\t50\tv1\t" + c1.charAt(49) + "\tA,C\t.\tPASS\t.\n"
        + "chr1\t120\tv2\t" + c1.substring(119, 122) + "\tG\t.\t.\t.\n").getBytes(StandardCharsets.UTF_8));
  }

  @FuzzTest
  void variantRequests(byte[] data) {
    int mode = data.length == 0 ? 0 : (data[0] & 0xff) % 4;
    byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    String genome = FIXTURE.genome.fasta.toString();
    Path vcf = mode == 3 ? FuzzChecks.write(DIR.resolve("input.vcf"), rest) : GOOD_VCF;
    List<String> allowed = List.of(genome, vcf.toString(), DIR.toString());
    String fileContent = mode == 3 ? new String(rest, StandardCharsets.UTF_8) : "";
    Message request;
    try {
      request = switch (mode) {
        case 0 -> GetMutationMapRequest.newBuilder().setModel(ModelRef.newBuilder().setId(Fixture.BIND_ID))
            .setSequence(Sequence.newBuilder().setId("s").setBases(FIXTURE.genome.slice("chr1", 10, 40)))
            .setStrand(StrandMode.STRAND_MODE_BOTH).mergeFrom(rest).build();
        case 1 -> GetMutationMapRequest.newBuilder()
            .setModel(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("bind")))
            .setRegion(ReferenceRegion.newBuilder().setReferenceUri(genome)
                .setRegion(GenomicRegion.newBuilder().setChrom("chr1").setStart(21).setEnd(45)))
            .mergeFrom(rest).build();
        case 2 -> scoreVcf(vcf, genome).mergeFrom(rest).build();
        default -> scoreVcf(vcf, genome).build();
      };
    } catch (InvalidProtocolBufferException e) {
      return; // not a request: nothing reaches the service
    }
    try {
      VariantServiceGrpc.VariantServiceBlockingStub stub = STUB.withDeadlineAfter(60, TimeUnit.SECONDS);
      if (request instanceof GetMutationMapRequest map) {
        stub.getMutationMap(map);
      } else {
        stub.scoreVcf((ScoreVcfRequest) request).forEachRemaining(r -> { });
      }
    } catch (StatusRuntimeException e) {
      FuzzChecks.assertRequestStatus(e, request, fileContent, allowed);
    }
  }

  private static ScoreVcfRequest.Builder scoreVcf(Path vcf, String genome) {
    return ScoreVcfRequest.newBuilder().setVcfUri(vcf.toString()).setReferenceUri(genome)
        .setOptions(VariantScoringOptions.newBuilder().addModels(ModelRef.newBuilder().setId(Fixture.BIND_ID))
            .addModels(ModelRef.newBuilder().setId(Fixture.REG_ID)).setStrand(StrandMode.STRAND_MODE_BOTH));
  }
}
