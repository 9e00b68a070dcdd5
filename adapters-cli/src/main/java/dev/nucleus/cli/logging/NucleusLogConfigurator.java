package dev.nucleus.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Configures logback in code from {@link LogSettings} (found through
 * {@code META-INF/services}): no XML, no classpath scanning. Text or JSON, to stderr or a file.
 */
public final class NucleusLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSettings settings = LogSettings.current();
        Encoder<ILoggingEvent> encoder = settings.json() ? new JsonEncoder() : pattern();
        encoder.setContext(context);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender;
        if (settings.file().isPresent()) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(settings.file().get());
            file.setAppend(true);
            appender = file;
        } else {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        }
        appender.setContext(context);
        appender.setName("nucleus");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(ch.qos.logback.classic.Level.toLevel(settings.level().name()));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static PatternLayoutEncoder pattern() {
        PatternLayoutEncoder p = new PatternLayoutEncoder();
        p.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n");
        return p;
    }
}
