package io.jiet.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The per-target operational keys of ietd.conf, each with the values IET accepted (usr/param.c's session_keys
 * and target_keys tables). Keywords are case-insensitive; {@code Yes}/{@code No} are case-sensitive as in IET;
 * digest names are not. Numbers are read like IET's {@code strtol(.., 0)}: decimal, {@code 0x} hex, leading-zero
 * octal. Out-of-range values are refused (IET silently clamped them to a limit).
 *
 * <p>The same table serves the parser and runtime updates ({@code ietadm --op update --params k=v}).
 */
public enum TargetParameter {
    MAX_CONNECTIONS("MaxConnections", number(1, 65535, (b, v) -> b.maxConnections = v)),
    MAX_SESSIONS("MaxSessions", number(0, 65535, (b, v) -> b.maxSessions = v)),
    INITIAL_R2T("InitialR2T", yesNo((b, v) -> b.initialR2T = v)),
    IMMEDIATE_DATA("ImmediateData", yesNo((b, v) -> b.immediateData = v)),
    MAX_RECV_DATA_SEGMENT_LENGTH("MaxRecvDataSegmentLength",
            number(512, 16777215, (b, v) -> b.maxRecvDataSegmentLength = v)),
    MAX_XMIT_DATA_SEGMENT_LENGTH("MaxXmitDataSegmentLength",
            number(512, 16777215, (b, v) -> b.maxXmitDataSegmentLength = v)),
    MAX_BURST_LENGTH("MaxBurstLength", number(512, 16777215, (b, v) -> b.maxBurstLength = v)),
    FIRST_BURST_LENGTH("FirstBurstLength", number(512, 16777215, (b, v) -> b.firstBurstLength = v)),
    DEFAULT_TIME2WAIT("DefaultTime2Wait", number(0, 3600, (b, v) -> b.defaultTime2Wait = v)),
    DEFAULT_TIME2RETAIN("DefaultTime2Retain", number(0, 3600, (b, v) -> b.defaultTime2Retain = v)),
    MAX_OUTSTANDING_R2T("MaxOutstandingR2T", number(1, 65535, (b, v) -> b.maxOutstandingR2T = v)),
    DATA_PDU_IN_ORDER("DataPDUInOrder", yesNo((b, v) -> b.dataPduInOrder = v)),
    DATA_SEQUENCE_IN_ORDER("DataSequenceInOrder", yesNo((b, v) -> b.dataSequenceInOrder = v)),
    ERROR_RECOVERY_LEVEL("ErrorRecoveryLevel", number(0, 2, (b, v) -> b.errorRecoveryLevel = v)),
    HEADER_DIGEST("HeaderDigest", digests((b, v) -> b.headerDigest = v)),
    DATA_DIGEST("DataDigest", digests((b, v) -> b.dataDigest = v)),
    /** Markers (RFC 3720 appendix A, dropped by RFC 7143): accepted for old files, always negotiated off. */
    OF_MARKER("OFMarker", noEffect()),
    IF_MARKER("IFMarker", noEffect()),
    OF_MARK_INT("OFMarkInt", noEffect()),
    IF_MARK_INT("IFMarkInt", noEffect()),
    WTHREADS("Wthreads", number(1, 128, (b, v) -> b.wthreads = v)),
    QUEUED_COMMANDS("QueuedCommands", number(1, 256, (b, v) -> b.queuedCommands = v)),
    NOP_INTERVAL("NOPInterval", number(0, 90, (b, v) -> b.nopInterval = v)),
    NOP_TIMEOUT("NOPTimeout", number(0, 90, (b, v) -> b.nopTimeout = v));

    private static final Map<String, TargetParameter> BY_KEYWORD = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(p -> p.keyword.toLowerCase(Locale.ROOT), p -> p));

    private final String keyword;
    private final Rule rule;

    TargetParameter(String keyword, Rule rule) {
        this.keyword = keyword;
        this.rule = rule;
    }

    /** The keyword as IET's documentation spells it, e.g. {@code MaxRecvDataSegmentLength}. */
    public String keyword() {
        return keyword;
    }

    /** What the value may be, e.g. {@code 512..16777215}, {@code Yes or No}. */
    public String allowedValues() {
        return rule.allowed();
    }

    /** True for keys that are accepted and have no effect (the markers). */
    public boolean ignored() {
        return rule instanceof Ignored;
    }

    /** True for numeric keys, whose range is {@link #min()}..{@link #max()}. */
    public boolean numeric() {
        return rule instanceof Range;
    }

    /** Lowest accepted value of a numeric key; 0 for the others. */
    public long min() {
        return rule instanceof Range r ? r.min : 0;
    }

    /** Highest accepted value of a numeric key; 0 for the others. */
    public long max() {
        return rule instanceof Range r ? r.max : 0;
    }

    /** The key named {@code keyword}, compared case-insensitively as IET's {@code param_index_by_name} did. */
    public static Optional<TargetParameter> forKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword.toLowerCase(Locale.ROOT)));
    }

    /**
     * {@code base} with this key set to {@code value}.
     *
     * @throws IllegalArgumentException with a message such as
     *                                  {@code MaxRecvDataSegmentLength 100 is out of range 512..16777215}
     */
    public TargetParameters applyTo(TargetParameters base, String value) {
        TargetParametersBuilder builder = new TargetParametersBuilder(base);
        try {
            assign(builder, value);
        } catch (InvalidValue e) {
            throw new IllegalArgumentException(keyword + " " + value + " " + e.getMessage());
        }
        return builder.build();
    }

    /** Sets this key in {@code builder}; the exception's message follows "KEYWORD VALUE ". */
    void assign(TargetParametersBuilder builder, String value) throws InvalidValue {
        rule.assign(builder, value);
    }

    private sealed interface Rule permits Range, YesNo, DigestList, Ignored {
        void assign(TargetParametersBuilder b, String value) throws InvalidValue;

        String allowed();
    }

    private record Range(long min, long max, ObjIntConsumer<TargetParametersBuilder> setter) implements Rule {
        @Override
        public void assign(TargetParametersBuilder b, String value) throws InvalidValue {
            long n;
            try {
                n = ConfigNumber.parse(value);
            } catch (InvalidValue e) {
                throw new InvalidValue("is not a number in range " + allowed());
            }
            if (n < min || n > max) {
                throw new InvalidValue("is out of range " + allowed());
            }
            setter.accept(b, (int) n);
        }

        @Override
        public String allowed() {
            return min + ".." + max;
        }
    }

    /** IET's bool_str_to_val compared with strcmp: only these exact spellings count. */
    private record YesNo(BiConsumer<TargetParametersBuilder, Boolean> setter) implements Rule {
        @Override
        public void assign(TargetParametersBuilder b, String value) throws InvalidValue {
            switch (value) {
                case "Yes" -> setter.accept(b, true);
                case "No" -> setter.accept(b, false);
                default -> throw new InvalidValue("is not " + allowed() + " (case-sensitive, as in IET)");
            }
        }

        @Override
        public String allowed() {
            return "Yes or No";
        }
    }

    /** A comma list in the admin's order of preference, e.g. {@code CRC32C,None} (RFC 7143 §13.1). */
    private record DigestList(BiConsumer<TargetParametersBuilder, List<String>> setter) implements Rule {
        @Override
        public void assign(TargetParametersBuilder b, String value) throws InvalidValue {
            List<String> names = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                String name = switch (item.toUpperCase(Locale.ROOT)) {
                    case "CRC32C" -> "CRC32C";
                    case "NONE" -> "None";
                    default -> throw new InvalidValue("is not " + allowed());
                };
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
            setter.accept(b, List.copyOf(names));
        }

        @Override
        public String allowed() {
            return "a comma-separated list of CRC32C, None";
        }
    }

    private record Ignored() implements Rule {
        @Override
        public void assign(TargetParametersBuilder b, String value) {
        }

        @Override
        public String allowed() {
            return "any value (ignored: markers are always negotiated off)";
        }
    }

    private static Rule number(long min, long max, ObjIntConsumer<TargetParametersBuilder> setter) {
        return new Range(min, max, setter);
    }

    private static Rule yesNo(BiConsumer<TargetParametersBuilder, Boolean> setter) {
        return new YesNo(setter);
    }

    private static Rule digests(BiConsumer<TargetParametersBuilder, List<String>> setter) {
        return new DigestList(setter);
    }

    private static Rule noEffect() {
        return new Ignored();
    }
}
