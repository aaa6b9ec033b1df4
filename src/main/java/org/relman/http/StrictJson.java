package org.relman.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A JSON number or boolean is not text: {@code allow-coercion-of-scalars: false} does not cover String targets, so
 * without this {@code "version": 2026} would be read as "2026" and {@code {"reason": 42}} would cancel a release. And a
 * number is not an instant: Jackson would read {@code "end": 4000000000} as epoch seconds, where API.md promises
 * ISO-8601 text, and a client sending milliseconds would get a freeze in the year 128000.
 */
@Configuration
class StrictJson {

  /** Instants relman takes: the years a calendar, a database column and an ISO-8601 text without sign all hold. */
  static final String RANGE = "an instant between years 0001 and 9999";
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  static boolean inRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  @Bean
  Jackson2ObjectMapperBuilderCustomizer noScalarsAsText() {
    return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }

  @Bean
  Module instantsAsText() {
    SimpleModule module = new SimpleModule("relman-instants-as-text");
    module.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
      @Override
      public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
          return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
        Instant instant = InstantDeserializer.INSTANT.deserialize(parser, context);
        if (instant != null && !inRange(instant)) {
          // +1000000000-01-01T00:00:00Z parses, and then overflows every date computation and column it reaches
          return (Instant) context.handleWeirdStringValue(Instant.class, parser.getText(), "is out of range: " + RANGE);
        }
        return instant;
      }
    });
    return module;
  }

  /** Query parameters such as {@code from} and {@code to}: ISO-8601 only, not epoch milliseconds. */
  @Bean
  WebMvcConfigurer instantParameters() {
    return new WebMvcConfigurer() {
      @Override
      public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new Formatter<Instant>() {
          @Override
          public Instant parse(String text, Locale locale) {
            Instant instant = Instant.parse(text.strip());
            if (!inRange(instant)) {
              throw new IllegalArgumentException("'" + text + "' is out of range: " + RANGE);
            }
            return instant;
          }

          @Override
          public String print(Instant instant, Locale locale) {
            return instant.toString();
          }
        });
      }
    };
  }
}
