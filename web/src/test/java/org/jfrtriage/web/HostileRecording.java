package org.jfrtriage.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real recording whose names are attacks on the pages that show them. A workload JVM runs threads named
 * {@code <script>…} and {@code "><img onerror=…>} contending on a lock in a method with a long placeholder name; the
 * recording it leaves is then patched, byte for byte, to rename that method to markup of the same length (a JVM
 * would refuse such a method name, a recording holds any string). Each payload sets {@code window.__xss} if it
 * ever runs.
 */
final class HostileRecording {
    static final String THREAD_SCRIPT = "<script>window.__xss=1</script>";
    static final String THREAD_IMG = "\"><img src=x onerror=window.__xss=2>";
    static final String METHOD_SCRIPT = "\"><img src=x onerror=window.__xss=4><script>window.__xss=3</script>";
    /** The method's name in the workload: exactly as long as {@link #METHOD_SCRIPT} once padded. */
    static final String PLACEHOLDER = "m" + "x".repeat(79);

    private HostileRecording() {
    }

    static Path create(Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("demo/hostile")).resolve("Hostile.java");
        Files.writeString(source, String.join("\n",
                "package demo.hostile;",
                "public class Hostile {",
                "  static final Object LOCK = new Object();",
                "  static volatile long sink;",
                "  static void " + PLACEHOLDER + "(long end) {",
                "    while (System.currentTimeMillis() < end) {",
                "      synchronized (LOCK) { long t = System.nanoTime() + 3_000_000; while (System.nanoTime() < t) { sink++; } }",
                "    }",
                "  }",
                "  public static void main(String[] args) throws Exception {",
                "    long end = System.currentTimeMillis() + 3000;",
                "    Thread[] threads = new Thread[6];",
                "    for (int i = 0; i < threads.length; i++) {",
                "      String name = (i % 2 == 0 ? " + javaString(THREAD_SCRIPT) + " : " + javaString(THREAD_IMG) + ") + \"-\" + i;",
                "      threads[i] = new Thread(() -> " + PLACEHOLDER + "(end), name);",
                "      threads[i].start();",
                "    }",
                "    for (Thread t : threads) t.join();",
                "  }",
                "}", ""));
        Path jfr = dir.resolve("hostile.jfr");
        Path log = dir.resolve("hostile.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:StartFlightRecording:filename=" + jfr + ",settings=profile", source.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the hostile workload failed: " + Files.readString(log));
        }
        byte[] bytes = Files.readAllBytes(jfr);
        int patched = replaceAll(bytes, PLACEHOLDER.getBytes(StandardCharsets.US_ASCII),
                pad(METHOD_SCRIPT, PLACEHOLDER.length()).getBytes(StandardCharsets.US_ASCII));
        if (patched == 0) {
            throw new IllegalStateException("the method name was not found in the recording");
        }
        Files.write(jfr, bytes);
        return jfr;
    }

    private static String pad(String s, int length) {
        if (s.length() > length) {
            throw new IllegalArgumentException("payload longer than the placeholder");
        }
        return s + "_".repeat(length - s.length());
    }

    private static String javaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int replaceAll(byte[] haystack, byte[] needle, byte[] replacement) {
        int count = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            System.arraycopy(replacement, 0, haystack, i, replacement.length);
            count++;
        }
        return count;
    }
}
