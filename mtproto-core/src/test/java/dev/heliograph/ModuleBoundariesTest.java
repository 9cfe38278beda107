package dev.heliograph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's module boundaries, checked on the sources of every module: no module names
 * another module's {@code .internal} package (plugins, examples and the test DC use only public
 * packages), and no package is split across modules (each module's jar is a named automatic
 * module, and the module path refuses split packages).
 *
 * <p>Why a source scan rather than ArchUnit: the rule is about modules, and only the source tree
 * knows which module a package belongs to (ArchUnit sees one class path, so it would need every
 * module on the class path of one test module, and could not tell a sibling's class from one's
 * own); the scan also covers test sources, needs no dependency, and runs in the first module the
 * build tests, so a violation fails the build early. A Java file can only name a class of another
 * package by an import or by its qualified name, and both are matched.
 */
class ModuleBoundariesTest {

    /**
     * Modules allowed to read another module's internals, with the reason. The benchmarks measure
     * the session engine, and the update loop and state machine, alone, below any public API.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "bench", Set.of("dev.heliograph.mtproto.internal.engine", "dev.heliograph.client.internal.updates"));

    private static final Pattern INTERNAL = Pattern.compile("\\b(dev\\.heliograph(?:\\.\\w+)*?\\.internal(?:\\.[a-z]\\w*)*)\\b");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @Test
    void noModuleNamesAnotherModulesInternalPackage() {
        assertEquals(List.of(), internalUses(repositoryRoot()),
                "internal packages are not API; make what is needed public SPI");
    }

    @Test
    void noPackageIsSplitAcrossModules() {
        Map<String, Set<String>> modulesByPackage = new TreeMap<>();
        for (Path module : modules(repositoryRoot())) {
            for (Path file : javaFiles(module.resolve("src/main/java"))) {
                modulesByPackage.computeIfAbsent(packageOf(file), p -> new TreeSet<>())
                        .add(module.getFileName().toString());
            }
        }
        modulesByPackage.values().removeIf(m -> m.size() == 1);
        assertEquals(Map.of(), modulesByPackage);
    }

    @Test
    void everyModuleWithCodeNamesItsAutomaticModuleOnce() {
        Pattern property = Pattern.compile("<heliograph\\.module>([\\w.]+)</heliograph\\.module>");
        Map<String, String> moduleByName = new TreeMap<>();
        for (Path module : modules(repositoryRoot())) {
            if (!Files.isDirectory(module.resolve("src/main/java"))) {
                continue;
            }
            Matcher m = property.matcher(read(module.resolve("pom.xml")));
            assertTrue(m.find(), module.getFileName() + "/pom.xml sets no heliograph.module (its Automatic-Module-Name)");
            String previous = moduleByName.put(m.group(1), module.getFileName().toString());
            assertEquals(null, previous, "module name " + m.group(1) + " used twice");
        }
    }

    @Test
    void aPluginImportingTheCoresInternalsIsReported(@TempDir Path tree) throws IOException {
        write(tree, "core", "src/main/java/dev/heliograph/x/internal/Secret.java", "package dev.heliograph.x.internal;");
        write(tree, "core", "src/main/java/dev/heliograph/x/Api.java",
                "package dev.heliograph.x;\nimport dev.heliograph.x.internal.Secret;");
        write(tree, "plugin", "src/main/java/dev/heliograph/p/Plugin.java",
                "package dev.heliograph.p;\n/** {@link dev.heliograph.x.internal.Secret} */\n"
                        + "import dev.heliograph.x.Api;\nclass Plugin { String s = \"dev.heliograph.x.internal\"; }");
        write(tree, "plugin", "src/test/java/dev/heliograph/p/PluginTest.java",
                "package dev.heliograph.p;\nimport static dev.heliograph.x.internal.Secret.run;");
        assertEquals(List.of(Path.of("plugin/src/test/java/dev/heliograph/p/PluginTest.java")
                + " uses dev.heliograph.x.internal of module core"), internalUses(tree));
    }

    private static void write(Path tree, String module, String file, String content) throws IOException {
        Files.createDirectories(tree.resolve(module));
        Files.writeString(tree.resolve(module).resolve("pom.xml"), "<project/>");
        Path path = tree.resolve(module).resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    /** Every use of another module's internal package under {@code root}, one line each. */
    private static List<String> internalUses(Path root) {
        Map<String, String> owners = packageOwners(root);
        List<String> violations = new ArrayList<>();
        for (Path module : modules(root)) {
            String name = module.getFileName().toString();
            for (Path file : javaFiles(module.resolve("src"))) {
                Matcher m = INTERNAL.matcher(codeOnly(read(file)));
                Set<String> seen = new TreeSet<>();
                while (m.find()) {
                    String pkg = ownedPrefix(m.group(1), owners);
                    String owner = pkg == null ? null : owners.get(pkg);
                    if (owner != null && !owner.equals(name)
                            && !ALLOWED.getOrDefault(name, Set.of()).contains(pkg) && seen.add(pkg)) {
                        violations.add(root.relativize(file) + " uses " + pkg + " of module " + owner);
                    }
                }
            }
        }
        return violations;
    }

    /** The longest prefix of a dotted name that is a known package (drops class names). */
    private static String ownedPrefix(String name, Map<String, String> owners) {
        String candidate = name;
        while (!owners.containsKey(candidate)) {
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            candidate = candidate.substring(0, dot);
        }
        return candidate;
    }

    private static Map<String, String> packageOwners(Path root) {
        Map<String, String> owners = new TreeMap<>();
        for (Path module : modules(root)) {
            for (Path file : javaFiles(module.resolve("src/main/java"))) {
                owners.put(packageOf(file), module.getFileName().toString());
            }
        }
        return owners;
    }

    private static List<Path> modules(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(d -> Files.isDirectory(d.resolve("src")) && Files.exists(d.resolve("pom.xml")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(Path file) {
        Matcher m = PACKAGE.matcher(read(file));
        return m.find() ? m.group(1) : "";
    }

    /** Javadoc and messages may mention an internal class by name; only code counts. */
    private static String codeOnly(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?s)\"\"\".*?\"\"\"", "")
                .replaceAll("\"(?:[^\"\\\\\n]|\\\\.)*\"", "").replaceAll("//[^\n]*", "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        String protocol = System.getProperty("heliograph.protocol");
        if (protocol == null) {
            throw new IllegalStateException("system property heliograph.protocol is not set (the build sets it)");
        }
        return Path.of(protocol).toAbsolutePath().normalize().getParent();
    }
}
