package dev.nucleus.cli.output;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.ByteSize;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.ContainerPath;
import dev.nucleus.domain.value.CpuQuota;
import dev.nucleus.domain.value.Endpoint;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.domain.value.HostEntry;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.domain.value.TmpfsMount;
import dev.nucleus.domain.value.VolumeMount;
import tools.jackson.databind.SerializationFeature;
import dev.nucleus.domain.value.CliChoice;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.ToStringSerializer;

import java.util.List;

/**
 * What {@code run --dry-run} printed through Jackson databind, kept as the reference SpecJson must equal. Value types print in
 * the syntax a user writes them ({@code 1G}, {@code 10.0.0.0/8}, {@code bind-rw}); environment values are redacted
 * because they may hold secrets.
 */
public final class JacksonSpecJson {
    private static final List<Class<?>> AS_TEXT = List.of(ByteSize.class, CpuQuota.class, IpAddress.class, Cidr.class,
            ContainerPath.class, HostPath.class, PortMapping.class, IdMapping.class, IoLimit.class, EnvVar.class,
            VolumeMount.class, TmpfsMount.class, HostEntry.class, Endpoint.class);

    private JacksonSpecJson() {
    }

    public static String render(ContainerSpec spec) {
        SimpleModule values = new SimpleModule("nucleus-values");
        for (Class<?> c : AS_TEXT) {
            values.addSerializer(c, ToStringSerializer.instance);
        }
        values.addSerializer(CliChoice.class, new ValueSerializer<CliChoice>() {
            @Override
            public void serialize(CliChoice value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(value.cliName());
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(values)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
        return mapper.writeValueAsString(spec);
    }
}
