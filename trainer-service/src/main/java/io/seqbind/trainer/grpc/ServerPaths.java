package io.seqbind.trainer.grpc;

import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.trainer.jobs.InvalidJobException;
import io.seqbind.trainer.jobs.JobSpecs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which server paths a job may name: every data path of SubmitJob (and the files an upload does not carry)
 * must lie under the data roots; uploads are the service's own files. A refusal is a SecurityException
 * (PERMISSION_DENIED) naming the field.
 */
final class ServerPaths {

  private final DataRoots roots;

  ServerPaths(DataRoots roots) {
    this.roots = roots;
  }

  void check(Dataset dataset) {
    if (dataset.hasTrain()) {
      check(dataset.getTrain(), "spec.dataset.train");
    }
    if (dataset.hasTest()) {
      check(dataset.getTest(), "spec.dataset.test");
    }
  }

  private void check(DatasetSource source, String field) {
    Map<String, String> uris = new LinkedHashMap<>();
    uris.put(field + ".uri", source.getUri());
    uris.put(field + ".labels_uri", source.getLabelsUri());
    uris.put(field + ".genome_uri", source.getGenomeUri());
    uris.forEach((name, uri) -> {
      if (uri.isEmpty()) {
        return;
      }
      Path path;
      try {
        path = JobSpecs.path(uri, name);
      } catch (InvalidJobException e) {
        return; // not a path at all: the job's validation names it (INVALID_ARGUMENT)
      }
      if (!roots.allows(path)) {
        String what = name + " '" + uri + "'";
        throw new SecurityException(roots.closed() ? roots.describeRefusal(what)
            : roots.describeRefusal(what) + "; put the data there or upload it with UploadJob");
      }
    });
  }
}
