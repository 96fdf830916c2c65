package io.jiet.alua;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parameter list of SET TARGET PORT GROUPS (MAINTENANCE OUT, service action 0Ah; SPC-4 "SET TARGET PORT GROUPS
 * command", §6.35 in spc4r17): four reserved bytes, then 4-byte set target port group descriptors — byte 0 bits 3-0
 * ASYMMETRIC ACCESS STATE, byte 1 reserved, bytes 2-3 TARGET PORT GROUP OR TARGET PORT. Stateless.
 */
public final class SetTargetPortGroupsParameters {

    public static final int OPERATION_CODE = 0xA4;
    public static final int SERVICE_ACTION = 0x0A;
    static final int HEADER_LENGTH = 4;
    static final int DESCRIPTOR_LENGTH = 4;

    /** One descriptor; {@code offset} is where it starts in the parameter list. */
    public record Descriptor(int stateCode, int targetPortGroup, int offset) {
    }

    /** The decoded descriptors, or the length error that stops decoding. */
    public record Decoded(List<Descriptor> descriptors, Optional<SenseCode> lengthError) {
        public Decoded {
            descriptors = List.copyOf(descriptors);
        }
    }

    private SetTargetPortGroupsParameters() {
    }

    /** PARAMETER LIST LENGTH, CDB bytes 6-9. */
    public static long parameterListLength(byte[] cdb) {
        return ((cdb[6] & 0xFFL) << 24) | ((cdb[7] & 0xFF) << 16) | ((cdb[8] & 0xFF) << 8) | (cdb[9] & 0xFF);
    }

    /**
     * An empty list changes nothing and is not an error; a list that is not the header plus whole descriptors is a
     * PARAMETER LIST LENGTH ERROR.
     */
    public static Decoded decode(byte[] parameterList) {
        int length = parameterList.length;
        if (length == 0) {
            return new Decoded(List.of(), Optional.empty());
        }
        if (length < HEADER_LENGTH || (length - HEADER_LENGTH) % DESCRIPTOR_LENGTH != 0) {
            return new Decoded(List.of(), Optional.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR));
        }
        List<Descriptor> descriptors = new ArrayList<>();
        for (int at = HEADER_LENGTH; at < length; at += DESCRIPTOR_LENGTH) {
            int state = parameterList[at] & 0x0F;
            int group = ((parameterList[at + 2] & 0xFF) << 8) | (parameterList[at + 3] & 0xFF);
            descriptors.add(new Descriptor(state, group, at));
        }
        return new Decoded(descriptors, Optional.empty());
    }

    /** Builds a parameter list, for tests and for tools that send the command. */
    public static byte[] encode(List<Descriptor> descriptors) {
        byte[] out = new byte[HEADER_LENGTH + DESCRIPTOR_LENGTH * descriptors.size()];
        int at = HEADER_LENGTH;
        for (Descriptor d : descriptors) {
            out[at] = (byte) (d.stateCode() & 0x0F);
            out[at + 2] = (byte) (d.targetPortGroup() >> 8);
            out[at + 3] = (byte) d.targetPortGroup();
            at += DESCRIPTOR_LENGTH;
        }
        return out;
    }
}
