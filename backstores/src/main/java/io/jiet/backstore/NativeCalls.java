package io.jiet.backstore;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The C library as the FFM API reaches it: downcall handles by symbol name, with {@code errno} captured where the
 * call reports failures through it. Empty off Linux, or when the JVM refuses native access (jietd passes
 * {@code --enable-native-access=ALL-UNNAMED}); callers then fall back to plain Java I/O.
 * <p>
 * Threading: immutable after {@link #linux()}; the handles are safe to call from any thread.
 */
final class NativeCalls {

    private static final Optional<NativeCalls> LINUX = load();

    private final Linker linker;
    private final StructLayout callState;
    private final VarHandle errnoHandle;
    private final Linker.Option captureErrno;

    private NativeCalls(Linker linker) {
        this.linker = linker;
        this.callState = Linker.Option.captureStateLayout();
        this.errnoHandle = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        this.captureErrno = Linker.Option.captureCallState("errno");
    }

    private static Optional<NativeCalls> load() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.empty();
        }
        try {
            NativeCalls calls = new NativeCalls(Linker.nativeLinker());
            calls.function("close", FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                    java.lang.foreign.ValueLayout.JAVA_INT));
            return Optional.of(calls);
        } catch (RuntimeException | LinkageError e) {
            // Native access disabled (IllegalCallerException) or symbols missing.
            return Optional.empty();
        }
    }

    static Optional<NativeCalls> linux() {
        return LINUX;
    }

    /** A function that does not report through errno (close). */
    MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor, options);
    }

    /**
     * A function whose handle takes a {@link #callState()} segment first, where errno lands; {@code options} add e.g.
     * {@code firstVariadicArg} for variadic functions.
     */
    MethodHandle functionWithErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = captureErrno;
        System.arraycopy(options, 0, all, 1, options.length);
        return function(name, descriptor, all);
    }

    /** Like {@link #functionWithErrno}, or null when this C library lacks the symbol (an older glibc, musl). */
    MethodHandle optionalFunctionWithErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return linker.defaultLookup().find(name).isPresent() ? functionWithErrno(name, descriptor, options) : null;
    }

    /** The layout of the segment errno is captured into. */
    StructLayout callState() {
        return callState;
    }

    int errno(MemorySegment state) {
        return (int) errnoHandle.get(state, 0L);
    }
}
