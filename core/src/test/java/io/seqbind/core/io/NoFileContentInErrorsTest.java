package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Services read files by server path for remote callers, so a reader's error must never hand out a file's
 * content (issue: SubmitJob with labels_uri=/etc/shadow answered with root's hash). Every reader is given
 * files shaped like secrets; its message may name the file and line but must not contain the secret.
 */
class NoFileContentInErrorsTest {

  private static final String SECRET = "s3cr3t-hash-$6$abcdefghijklmnopqrstuvwxyz0123456789";

  @TempDir
  Path dir;

  static List<Object[]> readers() {
    Consumer<Path> fasta = p -> FastaReader.readAll(p);
    Consumer<Path> seq = p -> SeqTableReader.readAll(p);
    Consumer<Path> labels = p -> LabelTable.read(p);
    Consumer<Path> bed = p -> {
      try (BedReader r = BedReader.open(p)) {
        r.forEachRemaining(x -> { });
      }
    };
    return List.of(
        new Object[] {"fasta", fasta}, new Object[] {"seq", seq}, new Object[] {"labels", labels},
        new Object[] {"bed", bed});
  }

  static List<String> secretFiles() {
    return List.of(
        "root:" + SECRET + ":19000:0:99999:7:::\n",                // a password file
        "-----BEGIN PRIVATE KEY-----" + SECRET + "\n",             // a key
        "id\tBound\n" + SECRET + "\tnot-a-number-" + SECRET + "\n", // a table with a bad value
        ">" + SECRET + "\n" + SECRET + "\n",                       // FASTA with bad bases
        "FoldID\tEventID\tseq\tBound\nA\t" + SECRET + "\tAC" + SECRET + "\t1\n",
        "chr1\t" + SECRET + "\t10\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void noReaderEchoesMoreThanAShortToken(String name, Consumer<Path> reader) {
    int i = 0;
    for (String content : secretFiles()) {
      Path file = TestFiles.text(dir.resolve(name + (i++) + ".txt"), content);
      InputFormatException e = assertThrows(InputFormatException.class, () -> reader.accept(file));
      String message = e.getMessage();
      // A quoted token shows at most Quoted.MAX_CHARS characters: the secret's tail never appears.
      assertFalse(message.contains("abcdefghijklmnopqrstuvwxyz0123456789"), message);
      assertFalse(message.contains(SECRET.substring(0, Quoted.MAX_CHARS + 1)), message);
    }
  }
}
