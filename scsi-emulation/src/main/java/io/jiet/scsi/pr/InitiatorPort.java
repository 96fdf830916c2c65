package io.jiet.scsi.pr;

import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.Sense;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An iSCSI initiator port as persistent reservations name it: the iSCSI name and, when known, the ISID
 * (SPC-4 §7.6.4.6; RFC 7143 §4.2.7.2 for the "{@code name,i,0x<ISID>}" form). Without an ISID it stands for every
 * port of that initiator, as a TransportID with FORMAT CODE 00b does. Names compare case-insensitively (iSCSI
 * names are normalised to lower case, RFC 3722). Immutable.
 *
 * @param isid twelve lower-case hex digits, or empty for "any ISID"
 */
public record InitiatorPort(String name, Optional<String> isid) {

    private static final int PROTOCOL_ISCSI = 0x5;
    private static final int FORMAT_NAME = 0b00;
    private static final int FORMAT_PORT = 0b01;
    private static final String SEPARATOR = ",i,0x";
    /** The smallest iSCSI TransportID is 24 bytes (SPC-4 table 508). */
    private static final int MIN_LENGTH = 24;

    public InitiatorPort {
        name = name.toLowerCase(Locale.ROOT);
        isid = isid.map(s -> s.toLowerCase(Locale.ROOT));
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= 0x20 || c > 0x7E)) {
            throw new IllegalArgumentException("not an iSCSI name: " + name);
        }
    }

    /** The port of an I_T nexus, from its {@code name,i,0x<ISID>} initiator port name. */
    public static InitiatorPort of(ItNexus nexus) {
        return parse(nexus.initiatorPortName());
    }

    static InitiatorPort parse(String portName) {
        int at = portName.toLowerCase(Locale.ROOT).lastIndexOf(SEPARATOR);
        return at < 0 ? new InitiatorPort(portName, Optional.empty())
                : new InitiatorPort(portName.substring(0, at), Optional.of(portName.substring(at + SEPARATOR.length())));
    }

    /** Whether {@code other}, a port with a known ISID, is this port or one this ISID-less port stands for. */
    public boolean covers(InitiatorPort other) {
        return name.equals(other.name) && (isid.isEmpty() || isid.equals(other.isid));
    }

    /** The iSCSI TransportID: FORMAT CODE 01b with an ISID, 00b without; NUL-terminated, padded to 4 bytes. */
    public byte[] transportId() {
        String text = isid.map(i -> name + SEPARATOR + i).orElse(name);
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        int length = Math.max(MIN_LENGTH, (4 + ascii.length + 1 + 3) & ~3);
        byte[] b = new byte[length];
        b[0] = (byte) ((isid.isPresent() ? FORMAT_PORT : FORMAT_NAME) << 6 | PROTOCOL_ISCSI);
        b[2] = (byte) ((length - 4) >>> 8);
        b[3] = (byte) (length - 4);
        System.arraycopy(ascii, 0, b, 4, ascii.length);
        return b;
    }

    /**
     * Reads the TransportID at {@code at} in {@code list} (a PERSISTENT RESERVE OUT parameter list); its length is
     * {@link #transportIdLength}. Anything but a well-formed iSCSI TransportID is INVALID FIELD IN PARAMETER LIST.
     */
    static InitiatorPort fromTransportId(byte[] list, int at) throws CheckCondition {
        if (list.length - at < MIN_LENGTH) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int format = (list[at] & 0xC0) >>> 6;
        if ((list[at] & 0x0F) != PROTOCOL_ISCSI || format > FORMAT_PORT) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at));
        }
        int length = transportIdLength(list, at);
        if (at + length > list.length) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = at + 4; i < at + length && list[i] != 0; i++) {
            text.write(list[i]);
        }
        String value = text.toString(StandardCharsets.US_ASCII);
        try {
            InitiatorPort port = parse(value);
            if ((format == FORMAT_PORT) != port.isid.isPresent()) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at));
            }
            return port;
        } catch (IllegalArgumentException e) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at + 4));
        }
    }

    /** The whole length of the TransportID at {@code at}: 4 + ADDITIONAL LENGTH. */
    static int transportIdLength(byte[] list, int at) throws CheckCondition {
        if (list.length - at < 4) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int additional = (list[at + 2] & 0xFF) << 8 | list[at + 3] & 0xFF;
        if (additional % 4 != 0 || additional + 4 < MIN_LENGTH) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at + 2));
        }
        return 4 + additional;
    }

    @Override
    public String toString() {
        return isid.map(i -> name + SEPARATOR + i).orElse(name);
    }
}
