package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OpcodeTest {
    @Test
    void everyOpcodeMapsBackFromItsCode() {
        for (Opcode op : Opcode.values()) {
            assertEquals(op, Opcode.fromCode(op.code()));
        }
    }

    @Property
    void codesWithoutAnOpcodeMapToNull(@ForAll @IntRange(min = -5, max = 300) int code) {
        Opcode op = Opcode.fromCode(code);
        if (op != null) {
            assertEquals(code, op.code());
        } else {
            for (Opcode known : Opcode.values()) {
                org.junit.jupiter.api.Assertions.assertNotEquals(code, known.code());
            }
        }
    }

    @Test
    void unknownCodeIsNull() {
        assertNull(Opcode.fromCode(0x3e));
    }
}
