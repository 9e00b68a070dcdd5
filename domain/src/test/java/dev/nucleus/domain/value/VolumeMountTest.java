package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeMountTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /srv/data:/data        | /srv/data | /data     | false | /srv/data:/data:rw
            /srv/data:/data:ro     | /srv/data | /data     | true  | /srv/data:/data:ro
            /srv/data:/data:rw     | /srv/data | /data     | false | /srv/data:/data:rw
            ./rel:/x//y/./         | ./rel     | /x/y      | false | ./rel:/x/y:rw
            /a:/                   | /a        | /         | false | /a:/:rw
            """)
    void accepts(String text, String source, String destination, boolean readOnly, String canonical)
            throws InvalidValueException {
        VolumeMount v = VolumeMount.parse(text);
        assertEquals(new VolumeMount(new HostPath(source), new ContainerPath(destination), readOnly), v);
        assertEquals(canonical, v.toString());
        assertEquals(v, VolumeMount.parse(v.toString()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            /srv/data ; expected SOURCE:DEST[:ro|rw], such as /srv/data:/data:ro
            /a:/b:ro:x ; expected SOURCE:DEST[:ro|rw], such as /srv/data:/data:ro
            "" ; expected SOURCE:DEST[:ro|rw], such as /srv/data:/data:ro
            /a:/b:RO ; the access suffix must be ro or rw
            /a:/b: ; the access suffix must be ro or rw
            /a:/b:readonly ; the access suffix must be ro or rw
            :/data ; expected a path
            " :/data" ; expected a path
            /a:data ; expected an absolute path inside the container, such as /data
            /a: ; expected an absolute path inside the container, such as /data
            /a:/data/../etc ; '..' is not allowed in a container path
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> VolumeMount.parse(text));
        assertEquals(message, e.getMessage());
    }
}
