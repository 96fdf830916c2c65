package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes admins make, each reported as FILE:LINE: and what is allowed. */
class IetdConfigMistakesTest {

    private static final String TARGET = "Target iqn.2001-04.com.example:disk1\n";

    private static ConfigException failure(String text) {
        return assertThrows(ConfigException.class, () -> IetdConfigParser.parse("ietd.conf", text));
    }

    private static void assertFails(String text, int line, String problem) {
        ConfigException e = failure(text);
        assertEquals("ietd.conf:" + line + ": " + problem, e.getMessage());
        assertEquals("ietd.conf", e.file());
        assertEquals(line, e.line());
        assertEquals(problem, e.problem());
    }

    @Test
    void numberOutOfRange() {
        assertFails("# disk\n\n" + TARGET + "\tLun 0 Path=/dev/sdb\n\n\n\tMaxRecvDataSegmentLength 100\n", 7,
                "MaxRecvDataSegmentLength 100 is out of range 512..16777215");
    }

    @Test
    void numberWithAUnit() {
        assertFails(TARGET + "MaxBurstLength 256k\n", 2, "MaxBurstLength 256k is not a number in range 512..16777215");
    }

    @Test
    void negativeNumber() {
        assertFails(TARGET + "MaxSessions -1\n", 2, "MaxSessions -1 is out of range 0..65535");
    }

    @Test
    void yesNoIsCaseSensitive() {
        assertFails(TARGET + "InitialR2T yes\n", 2, "InitialR2T yes is not Yes or No (case-sensitive, as in IET)");
    }

    @Test
    void unknownDigest() {
        assertFails(TARGET + "HeaderDigest CRC32C,MD5\n", 2,
                "HeaderDigest CRC32C,MD5 is not a comma-separated list of CRC32C, None");
    }

    @Test
    void parameterWithoutValue() {
        assertFails(TARGET + "ErrorRecoveryLevel\n", 2, "ErrorRecoveryLevel needs a value (0..2)");
    }

    @Test
    void misspelledKeywordGetsASuggestion() {
        assertFails(TARGET + "MaxRecvDataSegmentLenght 8192\n", 2,
                "unknown keyword MaxRecvDataSegmentLenght (did you mean MaxRecvDataSegmentLength?)");
    }

    @Test
    void unknownGlobalKeywordListsTheAllowedOnes() {
        assertFails("Listen 0.0.0.0\n", 1, "unknown keyword Listen; keywords allowed before the first Target:"
                + " Target, IncomingUser, OutgoingUser, iSNSServer, iSNSAccessControl, Portal");
    }

    @Test
    void duplicateTargetIgnoringCase() {
        assertFails(TARGET + "Lun 0 Path=/a\nTarget IQN.2001-04.com.example:DISK1\n", 3,
                "Target IQN.2001-04.com.example:DISK1 is already defined on line 1"
                        + " (iSCSI names compare case-insensitively)");
    }

    @Test
    void duplicateLun() {
        assertFails(TARGET + "Lun 0 Path=/a\nLun 1 Path=/b\nLun 0 Path=/c\n", 4,
                "Lun 0 is already defined on line 2 for target iqn.2001-04.com.example:disk1");
    }

    @Test
    void lunNumberOutOfRange() {
        assertFails(TARGET + "Lun 16384 Path=/a\n", 2, "Lun 16384 is out of range 0..16383");
    }

    @Test
    void lunNumberThatIsNotDecimal() throws ConfigException {
        assertFails(TARGET + "Lun 0x1 Path=/a\n", 2, "Lun number 0x1 is not a number in range 0..16383");
        // IET read the LUN number with strtol(.., 10): leading zeros are plain decimal.
        assertEquals(7, IetdConfigParser.parse("ietd.conf", TARGET + "Lun 0000007 Type=nullio\n").targets()
                .getFirst().luns().getFirst().lun());
    }

    @Test
    void lunParametersWithBlanks() {
        assertFails(TARGET + "Lun 0 Path=/a, Type=fileio\n", 2, "Lun 0 parameters must be one comma-separated"
                + " list without blanks, e.g. Path=/dev/sdb,Type=blockio; found 'Path=/a, Type=fileio'");
    }

    @Test
    void unknownLunParameterNamesTheAllowedKeys() {
        assertFails(TARGET + "Lun 0 Path=/a,Cache=on\n", 2, "Lun 0: unknown parameter Cache; allowed keys: Path,"
                + " Type, ScsiId, ScsiSN, IOMode, BlockSize, Blocks, Sectors and jiet's Thin, Identity, VendorId,"
                + " ProductId, ProductRev, Rdac");
    }

    @Test
    void fileioWithoutPath() {
        assertFails(TARGET + "Lun 0 Type=fileio,ScsiId=abc\n", 2, "Lun 0: Type=fileio needs Path=FILE_OR_DEVICE");
    }

    @Test
    void nullioWithPath() {
        assertFails(TARGET + "Lun 3 Type=nullio,Path=/dev/sdb\n", 2,
                "Lun 3: Path does not apply to Type=nullio, which stores nothing");
    }

    @Test
    void blocksOnAFileioLun() {
        assertFails(TARGET + "Lun 0 Path=/a,Blocks=100\n", 2,
                "Lun 0: Blocks applies only to Type=nullio; the size of a fileio LUN is the size of its Path");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Type=FileIO,Path=/a        | Lun 0: Type FileIO is not fileio, blockio or nullio (case-sensitive, as in IET)",
        "Path=/a,IOMode=WB          | Lun 0: IOMode WB is not wt, wb or ro (case-sensitive, as in IET)",
        "Path=/a,BlockSize=8192     | Lun 0: BlockSize 8192 is not 512, 1024, 2048 or 4096",
        "Path=/a,ScsiId=0123456789abcdefX | Lun 0: ScsiId 0123456789abcdefX is 17 bytes long; at most 16 are allowed",
        "Path=/a,ScsiSN=0123456789abcdef0123456789abcdefX"
                + " | Lun 0: ScsiSN 0123456789abcdef0123456789abcdefX is 33 characters long; at most 32 are allowed",
        "Path=/a,path=/b            | Lun 0: path is given twice",
        "Path=/a,ScsiId=            | Lun 0: ScsiId= has no value",
        "Path=/a,readonly           | Lun 0: readonly is not KEY=VALUE; allowed keys: Path, Type, ScsiId, ScsiSN,"
                + " IOMode, BlockSize, Blocks, Sectors and jiet's Thin, Identity, VendorId, ProductId, ProductRev,"
                + " Rdac",
        "Type=nullio,Blocks=0       | Lun 0: Blocks 0 is out of range 1..18014398509481983",
        "Type=nullio,Blocks=10,Sectors=10 | Lun 0: Blocks and Sectors both give the size; Sectors is the old name"
                + " of Blocks, give one",
        "Path=/a,VendorId=TOOLONGVENDOR | Lun 0: VendorId TOOLONGVENDOR must be at most 8 printable ASCII characters",
    })
    void badLunParameter(String parameters, String problem) {
        assertFails(TARGET + "Lun 0 " + parameters + "\n", 2, problem);
    }

    @Test
    void writeBackOnABlockioLunSaysWhyAndWhatToUse() {
        assertFails(TARGET + "\tLun 1 Path=/dev/sdb,Type=blockio,IOMode=wb\n", 2, "Lun 1: IOMode=wb does not apply"
                + " to Type=blockio, which bypasses the page cache (O_DIRECT) and has no write-back cache; use"
                + " IOMode=wt or ro, or Type=fileio for write-back");
    }

    @Test
    void writeBackOnABlockioLunIsReportedOnTheLunLineAsSpelled() {
        ConfigException e = failure(TARGET + "\n\tLun 0 Path=/dev/sdb,\\\n\t\tiomode=wb,\\\n\t\ttype=blockio\n");
        assertEquals(3, e.line());
        assertEquals("Lun 0: iomode=wb does not apply to Type=blockio, which bypasses the page cache (O_DIRECT) and"
                + " has no write-back cache; use IOMode=wt or ro, or Type=fileio for write-back", e.problem());
    }

    @Test
    void writeBackStaysAllowedForFileio() throws ConfigException {
        assertEquals(LunIoMode.WB, IetdConfigParser.parse("ietd.conf", TARGET + "Lun 0 Path=/a,IOMode=wb\n")
                .targets().getFirst().luns().getFirst().ioMode());
    }

    @Test
    void scsiSnMustBePrintableAscii() {
        assertFails(TARGET + "Lun 0 Path=/a,ScsiSN=SN\u00e9\n", 2,
                "Lun 0: ScsiSN SN\u00e9 has characters other than printable ASCII");
    }

    @Test
    void firstBurstLargerThanMaxBurstIsReportedOnItsOwnLine() {
        assertFails(TARGET + "FirstBurstLength 262144\nLun 0 Path=/a\nMaxBurstLength 131072\n"
                        + "Target iqn.2001-04.com.example:disk2\n", 2,
                "FirstBurstLength 262144 is larger than MaxBurstLength 131072 of target"
                        + " iqn.2001-04.com.example:disk1; it must be at most 131072");
    }

    @Test
    void maxBurstBelowTheDefaultFirstBurst() {
        assertFails(TARGET + "Lun 0 Path=/a\nMaxBurstLength 16384\n", 3,
                "MaxBurstLength 16384 is smaller than the default FirstBurstLength 65536 of target"
                        + " iqn.2001-04.com.example:disk1; set FirstBurstLength to at most 16384 as well");
    }

    @Test
    void lunBeforeAnyTarget() {
        assertFails("IncomingUser joe secretsecret\nLun 0 Path=/dev/sdb\n", 2,
                "Lun belongs inside a Target block; there is no Target line before it");
    }

    @Test
    void portalInsideATarget() {
        assertFails(TARGET + "Portal 10.0.0.1\n", 2,
                "Portal is a global setting and must come before the first Target line");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1:0          | Portal 10.0.0.1:0: port 0 is out of range 1..65535",
        "10.0.0.1:iscsi      | Portal 10.0.0.1:iscsi: port 'iscsi' is not a number 1..65535",
        "10.0.0.300          | Portal 10.0.0.300: 10.0.0.300 is not an IPv4 address",
        "fe80::1:3260x       | Portal fe80::1:3260x: not an address; write IPv6 addresses in brackets, e.g. [fe80::1]:3260",
        "[fe80::1            | Portal [fe80::1: the '[' of the IPv6 address is never closed",
        "[10.0.0.1]:3260     | Portal [10.0.0.1]:3260: 10.0.0.1 is not an IPv6 address",
        "san_1.example.com   | Portal san_1.example.com: san_1.example.com is neither an IPv4 address nor a host name",
    })
    void badPortal(String address, String problem) {
        assertFails("Portal " + address + "\n", 1, problem);
    }

    @Test
    void duplicatePortal() {
        assertFails("Portal 10.0.0.1\nPortal 10.0.0.1:3260\n", 2,
                "Portal 10.0.0.1:3260 is already listed on line 1");
    }

    @Test
    void accountWithoutSecret() {
        assertFails(TARGET + "IncomingUser joe\n", 2,
                "IncomingUser needs a user name and a secret, e.g. IncomingUser joe 12charsecret");
    }

    @Test
    void secretWithBlanks() {
        assertFails("OutgoingUser jack my secret phrase\n", 1,
                "OutgoingUser takes a user name and a secret, found 4 words (a secret cannot contain blanks)");
    }

    @Test
    void targetWithoutName() {
        assertFails("\n\nTarget\n", 3, "Target needs a name, e.g. Target iqn.2001-04.com.example:disk1");
    }

    @Test
    void isnsAccessControlValue() {
        assertFails("iSNSAccessControl maybe\n", 1, "iSNSAccessControl maybe is not Yes or No");
    }

    @Test
    void continuedStatementIsReportedAtItsFirstLine() {
        assertFails(TARGET + "\nMaxConnections \\\n   0\n", 3, "MaxConnections 0 is out of range 1..65535");
    }

    @Test
    void fileThatIsNotUtf8NamesTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ietd.conf");
        byte[] latin1 = (TARGET + "IncomingUser jos\u00e9 secretsecret\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        ConfigException e = assertThrows(ConfigException.class, () -> IetdConfigParser.parse(file));
        assertEquals(file + ":2: the file is not UTF-8 text", e.getMessage());
    }
}
