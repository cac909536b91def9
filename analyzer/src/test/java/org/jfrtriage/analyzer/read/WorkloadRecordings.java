package org.jfrtriage.analyzer.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records a small workload on real JVMs for the reader tests: six threads taking turns at a contended monitor, a
 * contended {@code ReentrantLock} held while parked, and {@code HashMap} building that allocates. The workload
 * can rotate the chunk (start and stop a second recording) so one file holds several chunks with one metadata,
 * as long recordings do.
 */
final class WorkloadRecordings {

    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private static final String SOURCE = """
            package demo.contend;

            import java.util.ArrayList;
            import java.util.HashMap;
            import java.util.List;
            import java.util.Map;
            import java.util.concurrent.locks.LockSupport;
            import java.util.concurrent.locks.ReentrantLock;

            public class Contend {
                static final Object MONITOR = new Object();
                static final ReentrantLock LOCK = new ReentrantLock();
                static volatile long sink;

                /** args: seconds [rotate] */
                public static void main(String[] args) throws Exception {
                    long end = System.currentTimeMillis() + Long.parseLong(args[0]) * 1000;
                    List<Thread> threads = new ArrayList<>();
                    for (int t = 0; t < 6; t++) {
                        threads.add(new Thread(() -> {
                            long i = 0;
                            while (System.currentTimeMillis() < end) {
                                switch ((int) (i++ % 3)) {
                                    case 0 -> monitor();
                                    case 1 -> park();
                                    default -> allocate(i);
                                }
                            }
                        }, "contend-" + t));
                    }
                    threads.forEach(Thread::start);
                    // starting and stopping a recording makes JFR begin a new chunk
                    while (args.length > 1 && System.currentTimeMillis() < end - 500) {
                        Thread.sleep(700);
                        try (jdk.jfr.Recording rotate = new jdk.jfr.Recording()) {
                            rotate.start();
                            rotate.stop();
                        }
                    }
                    for (Thread t : threads) {
                        t.join();
                    }
                    System.out.println("done " + sink);
                }

                static void monitor() {
                    synchronized (MONITOR) {
                        long x = 0;
                        for (int k = 0; k < 200_000; k++) {
                            x += k * 31L ^ x;
                        }
                        sink += x;
                        LockSupport.parkNanos(2_000_000); // holding the monitor: the others block for longer
                    }
                }

                static void park() {
                    LOCK.lock();
                    try {
                        LockSupport.parkNanos(2_000_000);
                    } finally {
                        LOCK.unlock();
                    }
                }

                static void allocate(long i) {
                    Map<Integer, byte[]> local = new HashMap<>();
                    for (int k = 0; k < 2_000; k++) {
                        local.put(k, new byte[64 + (int) (i % 512)]);
                    }
                    sink += local.size();
                }
            }
            """;

    private WorkloadRecordings() {
    }

    /** The JDK running the tests. */
    static Path currentJdk() {
        return Path.of(System.getProperty("java.home"));
    }

    static Optional<Path> jdk25() {
        return Files.isExecutable(JDK25.resolve("bin/java")) ? Optional.of(JDK25) : Optional.empty();
    }

    /**
     * Starts the workload with JFR ({@code settings=profile}, blocking and parking recorded from 1 ms so every run
     * has both, and TLAB allocation events on beside the sampled ones) writing {@code jfr} on exit; it runs for
     * {@code seconds}.
     */
    static Process startRecorded(Path dir, Path javaHome, Path jfr, int seconds, boolean rotateChunks) throws IOException {
        List<String> args = List.of("-XX:StartFlightRecording:filename=" + jfr + ",settings=profile,"
                + "jdk.JavaMonitorEnter#threshold=1ms,jdk.ThreadPark#threshold=1ms,"
                + "jdk.ObjectAllocationInNewTLAB#enabled=true,jdk.ObjectAllocationOutsideTLAB#enabled=true");
        return start(dir, javaHome, args, seconds, rotateChunks, jfr.getFileName() + ".log");
    }

    /** Starts the workload with JFR writing its chunks into {@code repository} (to be killed before it ends). */
    static Process startWithRepository(Path dir, Path javaHome, Path repository, int seconds) throws IOException {
        List<String> args = List.of("-XX:FlightRecorderOptions:repository=" + repository,
                "-XX:StartFlightRecording:settings=profile");
        return start(dir, javaHome, args, seconds, false, "repository.log");
    }

    /** Waits for a recorded workload to end by itself; fails with its output if it did not. */
    static void awaitExit(Process p, Path dir, Path jfr) throws Exception {
        Path log = dir.resolve(jfr.getFileName() + ".log");
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(jfr)) {
            p.destroyForcibly();
            throw new IllegalStateException("workload failed: " + Files.readString(log));
        }
    }

    /** The chunk files a JVM left in its repository (one directory per JVM), oldest first. */
    static List<Path> repositoryChunks(Path repository) throws IOException {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
    }

    private static Process start(Path dir, Path javaHome, List<String> jvmOptions, int seconds, boolean rotate,
                                 String log) throws IOException {
        // the source launcher of JDK 22+ wants the path to match the package
        Path source = Files.createDirectories(dir.resolve("demo/contend")).resolve("Contend.java");
        if (!Files.exists(source)) {
            Files.writeString(source, SOURCE);
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        command.add(source.toString());
        command.add(String.valueOf(seconds));
        if (rotate) {
            command.add("rotate");
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }
}
