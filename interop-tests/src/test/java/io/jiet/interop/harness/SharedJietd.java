package io.jiet.interop.harness;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One daemon shared by the tests of a class, or of one invocation of a {@code @ParameterizedClass}: the class's
 * set-up calls {@link #start}, the extension closes it (SIGTERM, exit status 0 required) after the class or after
 * each class invocation, so a parameterized class gets a fresh daemon per configuration. Register it as
 * {@code @RegisterExtension static final SharedJietd jietd = new SharedJietd();}.
 *
 * <p>Threading: used by the JUnit thread that runs the class; not for parallel execution.
 */
public final class SharedJietd implements AfterAllCallback, AfterClassTemplateInvocationCallback {
    private JietdProcess daemon;

    /** Starts the daemon with {@code config} in {@code workDir}; one at a time. */
    public JietdProcess start(Path workDir, String config) {
        if (daemon != null) {
            throw new IllegalStateException("a shared jietd is already running on " + daemon.portal());
        }
        daemon = JietdProcess.start(workDir, config);
        return daemon;
    }

    /** The running daemon. */
    public JietdProcess daemon() {
        if (daemon == null) {
            throw new IllegalStateException("no shared jietd: call start(...) in the class's set-up");
        }
        return daemon;
    }

    @Override
    public void afterClassTemplateInvocation(ExtensionContext context) {
        close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void close() {
        JietdProcess running = daemon;
        daemon = null;
        if (running != null) {
            running.close();
        }
    }
}
