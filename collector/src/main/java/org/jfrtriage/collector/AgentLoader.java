package org.jfrtriage.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.VirtualMachine;

/**
 * {@code jfrtriage agent load PID}: loads {@code jfrtriage-agent.jar} into a running JVM through the Attach API and
 * reads back, from the target's system property {@code jfrtriage.agent.status}, whether the agent started.
 */
public final class AgentLoader {
    /** As the agent's {@code Agent.STATUS_PROPERTY}: the collector does not depend on the agent. */
    static final String STATUS_PROPERTY = "jfrtriage.agent.status";

    private AgentLoader() {
    }

    /** Loads the agent with {@code options} ({@code port=…,window=…}); returns the agent's status line. */
    public static String load(long pid, Path agentJar, String options) throws CollectorException {
        if (!Files.isRegularFile(agentJar)) {
            throw new CollectorException("the agent jar " + agentJar + " is missing (build it: mvn -pl agent -am package)");
        }
        Attachment.checkProcess(pid);
        VirtualMachine vm = Attachment.attach(pid);
        try {
            vm.loadAgent(agentJar.toAbsolutePath().toString(), options);
            String status = vm.getSystemProperties().getProperty(STATUS_PROPERTY);
            if (status == null) {
                throw new CollectorException("JVM " + pid + ": the agent was loaded but did not say whether it started");
            }
            if (status.startsWith("failed: ")) {
                throw new CollectorException("JVM " + pid + ": the agent " + status.substring("failed: ".length()));
            }
            return status;
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new CollectorException("JVM " + pid + ": could not load the agent (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CollectorException("JVM " + pid + ": attach failed while loading the agent (" + e.getMessage() + ")", e);
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the connection is ours to drop
            }
        }
    }
}
