package io.seqbind.core.shuffle;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The exact Altschul–Erickson dinucleotide shuffle: a random sequence with the same first symbol and the
 * same multiset of dinucleotides (hence the same composition and last symbol) as the input, drawn
 * <em>uniformly</em> over all such sequences. DeepBind and the CNN families trained on ENCODE use such
 * shuffles as negatives; an approximate shuffle (e.g. swapping random pairs, or walking until stuck)
 * changes the background's statistics, and a model can learn the artefact instead of the motif.
 *
 * <h2>Algorithm</h2>
 * The sequence is an Eulerian trail through the multigraph whose vertices are symbols and whose edges are
 * its dinucleotides (the i-th edge leaving a vertex is its i-th occurrence, so parallel edges are told
 * apart). By the BEST theorem, labelled Eulerian trails from the first symbol {@code f} to the last symbol
 * {@code l} are in one-to-one correspondence with pairs (an arborescence of "last exit" edges, one per
 * vertex other than {@code l}, all leading to {@code l}; an order of the remaining out-edges of each
 * vertex). So:
 * <ol>
 *   <li>draw the last-exit arborescence uniformly (Wilson's loop-erased random walk towards {@code l},
 *       each step taking one of the current vertex's out-edges with equal probability);</li>
 *   <li>order every vertex's other out-edges by a uniform random permutation (all of {@code l}'s);</li>
 *   <li>read the trail from {@code f}, leaving each vertex by its next edge in that order.</li>
 * </ol>
 * Each labelled trail thus has the same probability, and each distinct sequence corresponds to the same
 * number of labelled trails (the product of the factorials of the dinucleotide counts), so distinct
 * shuffles are uniform too. References: Altschul and Erickson, Mol. Biol. Evol. 2:526 (1985); Kandel et
 * al., Discrete Appl. Math. 71:171 (1996); Wilson, STOC 1996. Time O(n log k) for n symbols, k distinct.
 *
 * <h2>Symbols</h2>
 * Symbols are the {@code char}s as given: {@code N}, lower-case letters or any other character are just
 * further symbols (so {@code a} and {@code A} are different dinucleotide partners, and an {@code N} keeps
 * its neighbours' dinucleotides). Normalise case first if that is not what you want. Sequences of length
 * 0, 1 or 2 are returned unchanged: they are their own only valid shuffle.
 */
public final class DinucleotideShuffle implements SequenceShuffler {

  @Override
  public String shuffle(CharSequence sequence, RandomGenerator random) {
    String input = sequence.toString();
    int n = input.length();
    if (n <= 2) {
      return input;
    }
    char[] s = input.toCharArray();
    char[] alphabet = distinctSorted(s);
    int k = alphabet.length;
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = Arrays.binarySearch(alphabet, s[i]);
    }

    // Out-edges of every vertex in compressed form: targets[start[u] .. start[u+1]) in order of occurrence.
    int[] start = new int[k + 1];
    for (int i = 0; i + 1 < n; i++) {
      start[v[i] + 1]++;
    }
    for (int u = 0; u < k; u++) {
      start[u + 1] += start[u];
    }
    int[] targets = new int[n - 1];
    int[] fill = Arrays.copyOf(start, k);
    for (int i = 0; i + 1 < n; i++) {
      targets[fill[v[i]]++] = v[i + 1];
    }

    int last = v[n - 1];
    int[] lastExit = randomArborescence(start, targets, k, last, random);

    for (int u = 0; u < k; u++) {
      int from = start[u];
      int degree = start[u + 1] - from;
      int free = degree;
      if (u != last) {
        // Move the chosen last exit to the end of u's list; the others are ordered at random before it.
        swap(targets, from + lastExit[u], from + degree - 1);
        free = degree - 1;
      }
      for (int i = free - 1; i > 0; i--) {
        swap(targets, from + i, from + random.nextInt(i + 1));
      }
    }

    char[] out = new char[n];
    int[] next = Arrays.copyOf(start, k);
    int cur = v[0];
    out[0] = alphabet[cur];
    for (int i = 1; i < n; i++) {
      cur = targets[next[cur]++];
      out[i] = alphabet[cur];
    }
    return new String(out);
  }

  /**
   * Wilson's algorithm: for every vertex other than {@code root}, the offset (within its out-edge list) of
   * the edge it leaves by last, such that following those edges from any vertex reaches {@code root}.
   * Uniform over such arborescences. Every vertex but the root has an out-edge and reaches the root,
   * because the input sequence is a trail ending there.
   */
  private static int[] randomArborescence(int[] start, int[] targets, int k, int root, RandomGenerator random) {
    boolean[] inTree = new boolean[k];
    inTree[root] = true;
    int[] choice = new int[k];
    for (int first = 0; first < k; first++) {
      int u = first;
      while (!inTree[u]) {
        choice[u] = random.nextInt(start[u + 1] - start[u]);
        u = targets[start[u] + choice[u]];
      }
      // Retrace: the choices now left in place form the loop-erased path from `first` into the tree.
      u = first;
      while (!inTree[u]) {
        inTree[u] = true;
        u = targets[start[u] + choice[u]];
      }
    }
    return choice;
  }

  private static char[] distinctSorted(char[] s) {
    char[] sorted = s.clone();
    Arrays.sort(sorted);
    int k = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[k++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, k);
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
