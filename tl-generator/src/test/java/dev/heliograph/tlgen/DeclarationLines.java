package dev.heliograph.tlgen;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one independent count of a schema's declarations (test-jar of tl-generator), to check the
 * parser's and the generated code's counts against: declaration lines ({@code name#id ... ;}) per
 * section, by a regular expression, built-ins left out.
 */
public final class DeclarationLines {

    private static final Pattern DECLARATION =
            Pattern.compile("^([A-Za-z][A-Za-z0-9_.]*)#[0-9a-f]+ .*= *([A-Za-z0-9_.<>]+) *;$");
    private static final List<String> BUILT_INS = List.of("int", "long", "double", "string", "bytes", "vector");

    private DeclarationLines() {
    }

    /**
     * Counts the declarations of a schema.
     *
     * @param text the schema file
     * @param generatedOnly leave out {@code Bool}'s constructors too, which the parser reads but the
     *     generator does not emit ({@code Bool} is a Java {@code boolean})
     * @return {constructors, functions}
     */
    public static int[] count(String text, boolean generatedOnly) {
        int[] counts = new int[2];
        boolean functions = false;
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.equals("---functions---")) {
                functions = true;
            } else if (line.equals("---types---")) {
                functions = false;
            } else {
                Matcher m = DECLARATION.matcher(line);
                if (m.matches() && !BUILT_INS.contains(m.group(1))
                        && (functions || !generatedOnly || !m.group(2).equals("Bool"))) {
                    counts[functions ? 1 : 0]++;
                }
            }
        }
        return counts;
    }
}
