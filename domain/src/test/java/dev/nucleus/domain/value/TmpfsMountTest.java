package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TmpfsMountTest {

    @Test
    void defaultsTo64MegabytesReadWrite() throws InvalidValueException {
        assertEquals(67_108_864L, TmpfsMount.DEFAULT_SIZE.bytes());
        assertEquals(new TmpfsMount(new ContainerPath("/scratch"), TmpfsMount.DEFAULT_SIZE, false),
                TmpfsMount.parse("/scratch"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /scratch             | /scratch | 67108864  | false | /scratch:64M:rw
            /scratch:256M        | /scratch | 268435456 | false | /scratch:256M:rw
            /scratch:ro          | /scratch | 67108864  | true  | /scratch:64M:ro
            /scratch:rw          | /scratch | 67108864  | false | /scratch:64M:rw
            /scratch:1G:ro       | /scratch | 1073741824| true  | /scratch:1G:ro
            /scratch:4096:rw     | /scratch | 4096      | false | /scratch:4K:rw
            //tmp//x/:1k         | /tmp/x   | 1024      | false | /tmp/x:1K:rw
            """)
    void accepts(String text, String destination, long bytes, boolean readOnly, String canonical)
            throws InvalidValueException {
        TmpfsMount t = TmpfsMount.parse(text);
        assertEquals(new TmpfsMount(new ContainerPath(destination), new ByteSize(bytes), readOnly), t);
        assertEquals(canonical, t.toString());
        assertEquals(t, TmpfsMount.parse(t.toString()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            /s:1G:ro:x      ; expected DEST[:SIZE][:ro|rw], such as /scratch:256M
            /s:1G:1G        ; the access suffix must be ro or rw
            /s:1G:RO        ; the access suffix must be ro or rw
            /s:1G:          ; the access suffix must be ro or rw
            /s:rw:ro        ; expected a size such as 512M, 1G, 64K or a byte count
            /s:ro:ro        ; expected a size such as 512M, 1G, 64K or a byte count
            /s:ro:1G        ; expected a size such as 512M, 1G, 64K or a byte count
            /s:             ; expected a size such as 512M, 1G, 64K or a byte count
            /s:big          ; expected a size such as 512M, 1G, 64K or a byte count
            /s:0            ; a tmpfs size must be more than 0
            /s:0:ro         ; a tmpfs size must be more than 0
            scratch         ; expected an absolute path inside the container, such as /data
            "";               expected an absolute path inside the container, such as /data
            /s/../etc:1M    ; '..' is not allowed in a container path
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> TmpfsMount.parse(text));
        assertEquals(message, e.getMessage());
    }
}
