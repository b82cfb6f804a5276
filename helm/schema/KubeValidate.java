import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Validates rendered Kubernetes manifests against the Kubernetes API's OpenAPI schema, strictly: an unknown
 * field anywhere, or a missing required one, is an error (what `kubectl apply --validate=strict` refuses).
 * The schema is the Kubernetes Java client's model (io.kubernetes:client-java-api, generated from the OpenAPI
 * spec of one Kubernetes version, pinned in helm/schema/pom.xml): every model class checks its JSON with
 * {@code validateJsonElement}, recursively.
 *
 * <p>Usage: {@code java -cp <client-java-api classpath> KubeValidate.java [--skip group/version/Kind]... FILE.json...}
 * where each FILE holds a JSON array of manifests (helm/test.sh converts helm's YAML output). Kinds that are not
 * part of the Kubernetes API (CRDs such as monitoring.coreos.com/v1 ServiceMonitor) must be named with --skip;
 * any other unknown kind is an error. Prints one line per manifest; exit status 1 when any is invalid.
 */
public class KubeValidate {
  // The API groups of the Kubernetes API that the model covers; a kind outside them has no schema here.
  private static final Set<String> API_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
      "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "node.k8s.io");

  public static void main(String[] args) throws IOException {
    java.util.ArrayList<String> skips = new java.util.ArrayList<>();
    java.util.ArrayList<Path> files = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--skip")) {
        skips.add(args[++i]);
      } else {
        files.add(Path.of(args[i]));
      }
    }
    int invalid = 0;
    int checked = 0;
    for (Path file : files) {
      JsonArray docs = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
      for (JsonElement doc : docs) {
        String problem = check(doc.getAsJsonObject(), skips);
        String what = describe(doc.getAsJsonObject());
        if (problem == null) {
          checked++;
          System.out.println("ok      " + file.getFileName() + " " + what);
        } else if (problem.startsWith("skipped")) {
          System.out.println("skipped " + file.getFileName() + " " + what + " (" + problem + ")");
        } else {
          invalid++;
          System.out.println("INVALID " + file.getFileName() + " " + what + ": " + problem);
        }
      }
    }
    System.out.println("kube-validate: " + checked + " valid, " + invalid + " invalid");
    System.exit(invalid == 0 && checked > 0 ? 0 : 1);
  }

  static String describe(JsonObject doc) {
    JsonObject meta = doc.has("metadata") ? doc.getAsJsonObject("metadata") : new JsonObject();
    return doc.get("apiVersion") + " " + doc.get("kind") + " " + meta.get("name");
  }

  /** null when valid; "skipped ..." for a --skip kind; otherwise what is wrong. */
  static String check(JsonObject doc, List<String> skips) {
    if (!doc.has("apiVersion") || !doc.has("kind")) {
      return "no apiVersion or kind";
    }
    String apiVersion = doc.get("apiVersion").getAsString();
    String kind = doc.get("kind").getAsString();
    if (skips.contains(apiVersion + "/" + kind)) {
      return "skipped: not part of the Kubernetes API";
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    if (!API_GROUPS.contains(group)) {
      return "API group '" + group + "' is not part of the Kubernetes API (name it with --skip if it is a CRD)";
    }
    String className = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
        + version.substring(1) + kind;
    Method validate;
    try {
      validate = Class.forName(className).getMethod("validateJsonElement", JsonElement.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return apiVersion + " " + kind + " does not exist in this Kubernetes version";
    }
    try {
      validate.invoke(null, doc);
      return null;
    } catch (InvocationTargetException e) {
      return String.valueOf(e.getCause().getMessage()).replaceAll("(?s) JSON: .*", "").replaceAll("(?s)(in the JSON string): .*", "$1");
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
