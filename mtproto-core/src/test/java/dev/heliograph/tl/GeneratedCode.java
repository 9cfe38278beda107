package dev.heliograph.tl;

import dev.heliograph.tlgen.JavaGenerator;
import dev.heliograph.tlgen.TlParser;
import dev.heliograph.tlgen.TlSchema;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** Test support: generates Java from TL, compiles it with javax.tools (warnings are errors) and loads it. */
final class GeneratedCode {

    private GeneratedCode() {
    }

    /** One generated schema: the generator (for names and the model) and its sources. */
    record Unit(JavaGenerator generator, Map<String, String> sources, String schemaClass) {
    }

    static Unit generate(String fileName, String tl, String basePackage, String schemaClassName) {
        TlSchema schema = TlParser.parse(fileName, tl);
        JavaGenerator generator = new JavaGenerator(schema, basePackage, schemaClassName,
                JavaGenerator.DEFAULT_SECRET_FIELDS);
        return new Unit(generator, generator.generate(), basePackage + "." + schemaClassName);
    }

    static Path protocol(String relative) {
        String root = System.getProperty("heliograph.protocol");
        if (root == null) {
            throw new IllegalStateException("system property heliograph.protocol is not set");
        }
        Path path = Path.of(root, relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing protocol reference file " + path);
        }
        return path;
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the units into {@code dir} with -Xlint:all -Werror and returns a loader whose parent
     * sees the TL runtime under test. Units are independent of each other, so each is one javax.tools
     * task, run in parallel on the available cores.
     */
    static ClassLoader compile(Path dir, List<Unit> units) throws IOException {
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<List<Path>> perUnit = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            Path src = dir.resolve("src" + u);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : units.get(u).sources().entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                files.add(file);
            }
            perUnit.add(files);
        }
        String classPath = runtimeClassPath();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(units.size(), Runtime.getRuntime().availableProcessors())));
        try {
            List<Future<String>> results = new ArrayList<>();
            for (List<Path> files : perUnit) {
                results.add(pool.submit(() -> compileTask(files, out, classPath)));
            }
            StringBuilder problems = new StringBuilder();
            for (Future<String> result : results) {
                problems.append(result.get());
            }
            if (problems.length() > 0) {
                throw new AssertionError("generated code does not compile cleanly:\n" + problems);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, GeneratedCode.class.getClassLoader());
    }

    /** Compiles one set of files; returns the diagnostics, empty if there were none. */
    private static String compileTask(List<Path> files, Path out, String classPath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-cp", classPath,
                    "-Xlint:all", "-Werror", "-proc:none", "-implicit:none", "-g:none", "-encoding", "UTF-8");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
            if (ok && diagnostics.getDiagnostics().isEmpty()) {
                return "";
            }
            return diagnostics.getDiagnostics().stream().limit(20).map(GeneratedCode::describe)
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d) {
        return d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber())
                + " " + d.getMessage(null);
    }

    /** Where the runtime classes were loaded from (surefire may hide the class path in a manifest jar). */
    private static String runtimeClassPath() throws MalformedURLException {
        try {
            return Path.of(TlObject.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new MalformedURLException(e.getMessage());
        }
    }

    static TlRegistry registry(ClassLoader loader, Unit unit) {
        try {
            return (TlRegistry) loader.loadClass(unit.schemaClass()).getMethod("registry").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
