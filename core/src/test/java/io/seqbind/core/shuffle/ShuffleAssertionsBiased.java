package io.seqbind.core.shuffle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * A deliberately wrong Eulerian shuffle for the power check of the uniformity test: the last-exit walk
 * picks uniformly among distinct successor symbols rather than among edges, so parallel dinucleotides are
 * under-weighted. Outputs are valid shuffles; only the distribution is off.
 */
final class ShuffleAssertionsBiased {

  private ShuffleAssertionsBiased() {}

  static String shuffle(CharSequence sequence, RandomGenerator random) {
    String s = sequence.toString();
    Map<Character, List<Character>> edges = new TreeMap<>();
    for (int i = 0; i + 1 < s.length(); i++) {
      edges.computeIfAbsent(s.charAt(i), c -> new ArrayList<>()).add(s.charAt(i + 1));
    }
    char last = s.charAt(s.length() - 1);
    Set<Character> inTree = new HashSet<>(Set.of(last));
    Map<Character, Integer> choice = new TreeMap<>();
    for (char v : edges.keySet()) {
      char u = v;
      while (!inTree.contains(u)) {
        List<Character> out = edges.get(u);
        List<Character> distinct = new ArrayList<>(new TreeSet<>(out));
        char t = distinct.get(random.nextInt(distinct.size()));
        choice.put(u, out.indexOf(t));
        u = t;
      }
      u = v;
      while (!inTree.contains(u)) {
        inTree.add(u);
        u = edges.get(u).get(choice.get(u));
      }
    }
    for (Map.Entry<Character, List<Character>> e : edges.entrySet()) {
      List<Character> out = e.getValue();
      int free = out.size();
      if (e.getKey() != last) {
        java.util.Collections.swap(out, choice.get(e.getKey()), out.size() - 1);
        free--;
      }
      for (int i = free - 1; i > 0; i--) {
        java.util.Collections.swap(out, i, random.nextInt(i + 1));
      }
    }
    StringBuilder b = new StringBuilder().append(s.charAt(0));
    Map<Character, Integer> next = new TreeMap<>();
    char cur = s.charAt(0);
    for (int i = 1; i < s.length(); i++) {
      int k = next.merge(cur, 1, Integer::sum) - 1;
      cur = edges.get(cur).get(k);
      b.append(cur);
    }
    return b.toString();
  }
}
