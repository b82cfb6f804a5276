package io.seqbind.variant.mutmap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqbind.core.io.ShortestFloat;
import io.seqbind.proto.v1.MutationMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutation maps as files: TSV with one row per position ({@code position wt_base A C G T importance}, the
 * columns A..T holding deltas) for spreadsheets and R, and JSON with the same field names as
 * variant.proto's MutationMap for programs.
 */
public final class MutationMapFormats {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MutationMapFormats() {}

  public static String tsv(String sequence, MutationMap map) {
    int length = map.getLength();
    StringBuilder out = new StringBuilder("# task=" + map.getTask() + " wild_type_score=" + map.getWildTypeScore()
        + "\nposition\twt_base\tA\tC\tG\tT\timportance\n");
    for (int j = 0; j < length; j++) {
      out.append(j + 1).append('\t').append(sequence.charAt(j));
      for (int b = 0; b < 4; b++) {
        ShortestFloat.append(out.append('\t'), map.getDeltas(b * length + j));
      }
      ShortestFloat.append(out.append('\t'), map.getImportance(j)).append('\n');
    }
    return out.toString();
  }

  /** One JSON document: {@code {"model_id", "sequence", "maps": [{task, length, ...}]}}. */
  public static String json(String modelId, String sequence, List<MutationMap> maps) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model_id", modelId);
    doc.put("sequence", sequence);
    doc.put("maps", maps.stream().map(MutationMapFormats::asMap).toList());
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a mutation map as JSON", e);
    }
  }

  private static Map<String, Object> asMap(MutationMap m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", m.getTask());
    out.put("length", m.getLength());
    out.put("wild_type_score", m.getWildTypeScore());
    out.put("deltas", m.getDeltasList());
    out.put("importance", m.getImportanceList());
    if (m.getForwardDeltasCount() > 0) {
      out.put("forward_deltas", m.getForwardDeltasList());
      out.put("reverse_deltas", m.getReverseDeltasList());
    }
    return out;
  }
}
