package io.jiet.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LogicalUnitNumberTest {

    @Property
    void encodingRoundTrips(@ForAll @IntRange(min = 0, max = 16383) int lun) {
        assertEquals(OptionalInt.of(lun), LogicalUnitNumber.decode(LogicalUnitNumber.encode(lun)));
    }

    @Test
    void peripheralBelow256FlatAbove() {
        assertEquals(0x0000_0000_0000_0000L, LogicalUnitNumber.encode(0));
        assertEquals(0x00FF_0000_0000_0000L, LogicalUnitNumber.encode(255));
        assertEquals(0x4100_0000_0000_0000L, LogicalUnitNumber.encode(256));
        assertEquals(0x7FFF_0000_0000_0000L, LogicalUnitNumber.encode(16383));
        assertThrows(IllegalArgumentException.class, () -> LogicalUnitNumber.encode(16384));
    }

    @Test
    void flatSpaceBelow256IsAlsoUnderstood() {
        assertEquals(OptionalInt.of(5), LogicalUnitNumber.decode(0x4005_0000_0000_0000L));
    }

    @Test
    void otherAddressesAddressNoLogicalUnit() {
        assertTrue(LogicalUnitNumber.decode(0x0100_0000_0000_0000L).isEmpty(), "bus identifier 1");
        assertTrue(LogicalUnitNumber.decode(0x0001_0001_0000_0000L).isEmpty(), "second level");
        assertTrue(LogicalUnitNumber.decode(0x8001_0000_0000_0000L).isEmpty(), "logical unit addressing");
        assertTrue(LogicalUnitNumber.decode(0xC100_0000_0000_0000L).isEmpty(), "well-known / extended");
        assertTrue(LogicalUnitNumber.decode(0x0000_0000_0000_0001L).isEmpty());
    }
}
