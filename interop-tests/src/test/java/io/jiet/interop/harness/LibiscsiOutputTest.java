package io.jiet.interop.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsers of libiscsi 1.19's utilities, on output captured from tgt 1.0.85 (src/test/resources/libiscsi-utils/). */
class LibiscsiOutputTest {

    @Test
    void iscsiLsListsTargetsPortalsAndLunSizes() {
        IscsiLsListing listing = IscsiLsListing.parse(sample("iscsi-ls-s-tgtd.txt"));
        assertEquals(List.of("iqn.2026-11.io.jiet:second", "iqn.2026-11.io.jiet:cap"),
                listing.targets().stream().map(IscsiLsListing.Target::name).toList());
        IscsiLsListing.Target cap = listing.target("iqn.2026-11.io.jiet:cap").orElseThrow();
        assertEquals("127.0.0.1:13261,1", cap.portal());
        assertEquals(List.of(new IscsiLsListing.Lun(0, "STORAGE_ARRAY_CONTROLLER", Optional.empty()),
                new IscsiLsListing.Lun(1, "DIRECT_ACCESS", Optional.of("63M"))), cap.luns());
    }

    @Test
    void sizeAsPrintedFollowsIscsiLsArithmetic() {
        // The captured listing: a 64 MiB and a 16 MiB LU of 512-byte blocks.
        assertEquals("63M", IscsiLsListing.sizeAsPrinted(64L * 1024 * 1024 / 512, 512));
        assertEquals("15M", IscsiLsListing.sizeAsPrinted(16L * 1024 * 1024 / 512, 512));
        assertEquals("1023k", IscsiLsListing.sizeAsPrinted(2048, 512));
        assertEquals("1G", IscsiLsListing.sizeAsPrinted(2L * 1024 * 1024 * 1024 / 4096, 4096));
    }

    @Test
    void standardInquiryFields() {
        ColonFields fields = ColonFields.parse(sample("iscsi-inq-standard-tgtd.txt"));
        assertEquals(Optional.of("IET"), fields.first("Vendor"));
        assertEquals(Optional.of("VIRTUAL-DISK"), fields.first("Product"));
        assertEquals(Optional.of("DIRECT_ACCESS"), fields.first("Peripheral Device Type"));
        assertEquals(Optional.of("5 ANSI INCITS 408-2005 (SPC-3)"), fields.first("Version"));
        assertEquals(3, fields.all("Version Descriptor").size());
    }

    @Test
    void readCapacity16Fields() {
        ColonFields fields = ColonFields.parse(sample("iscsi-readcapacity16-tgtd.txt"));
        assertEquals(Optional.of("131071"), fields.first("RETURNED LOGICAL BLOCK ADDRESS"));
        assertEquals(Optional.of("512"), fields.first("LOGICAL BLOCK LENGTH IN BYTES"));
        assertEquals(Optional.of("67108864"), fields.first("Total size"));
    }

    @Test
    void designatorsAsLibiscsi119PrintsThem() {
        DeviceIdentification page = DeviceIdentification.parse(sample("iscsi-inq-vpd83-tgtd.txt"));
        assertEquals(3, page.designators().size());
        DeviceIdentification.Designator t10 = page.ofType(DeviceIdentification.TYPE_T10_VENDOR_ID).getFirst();
        assertEquals(2, t10.codeSet()); // tgt's is ASCII, unlike IET's binary one
        assertEquals(DeviceIdentification.ASSOCIATION_LOGICAL_UNIT, t10.association());
        assertEquals("IET     00010001", t10.printed());
        assertTrue(t10.hexBytes().isEmpty());
        assertEquals(2, page.ofType(DeviceIdentification.TYPE_NAA).size());
    }

    @Test
    void binaryDesignatorAsLibiscsi120PrintsIt() {
        // utils/iscsi-inq.c since 1.20 ("iscsi-inq: binary values in hex"): printf(" %02x") per byte.
        String output = """
                Peripheral Qualifier:CONNECTED
                Peripheral Device Type:DIRECT_ACCESS
                Page Code:(0x83) DEVICE_IDENTIFICATION
                DEVICE DESIGNATOR #0
                Code Set:(1) BINARY
                PIV:0
                Association:(0) LOGICAL_UNIT
                Designator Type:(1) T10_VENDORT_ID
                Designator:[ 49 45 54 00 00 00 00 00 31 34]
                """;
        DeviceIdentification.Designator d = DeviceIdentification.parse(output).designators().getFirst();
        assertEquals(DeviceIdentification.CODE_SET_BINARY, d.codeSet());
        assertArrayEquals(new byte[] {'I', 'E', 'T', 0, 0, 0, 0, 0, '1', '4'}, d.hexBytes().orElseThrow());
    }

    @Test
    void binaryDesignatorAsLibiscsi119PrintsItStopsAtTheFirstNul() {
        String output = "DEVICE DESIGNATOR #0\nCode Set:(1) BINARY\nPIV:0\nAssociation:(0) LOGICAL_UNIT\n"
                + "Designator Type:(1) T10_VENDORT_ID\nDesignator:[IET]\n";
        DeviceIdentification.Designator d = DeviceIdentification.parse(output).designators().getFirst();
        assertEquals("IET", d.printed());
        assertTrue(d.hexBytes().isEmpty());
    }

    private static String sample(String name) {
        try (InputStream in = LibiscsiOutputTest.class.getResourceAsStream("/libiscsi-utils/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
