package dev.heliograph.tl;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An independent count of a schema's declarations, to check the generator's counts against. */
final class DeclarationLines {

    private DeclarationLines() {
    }

    /**
     * Counts declaration lines ({@code name#id ... ;}) per section with a regular expression,
     * leaving out built-ins and {@code Bool}'s constructors, which are not generated.
     */
    static int[] count(String text) {
        Pattern decl = Pattern.compile("^([A-Za-z][A-Za-z0-9_.]*)#[0-9a-f]+ .*= *([A-Za-z0-9_.<>]+) *;$");
        int[] counts = new int[2];
        boolean functions = false;
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.equals("---functions---")) {
                functions = true;
            } else if (line.equals("---types---")) {
                functions = false;
            } else {
                Matcher m = decl.matcher(line);
                boolean builtin = List.of("int", "long", "double", "string", "bytes", "vector").contains(m.matches()
                        ? m.group(1) : "");
                if (m.matches() && !builtin && (functions || !m.group(2).equals("Bool"))) {
                    counts[functions ? 1 : 0]++;
                }
            }
        }
        return counts;
    }
}
