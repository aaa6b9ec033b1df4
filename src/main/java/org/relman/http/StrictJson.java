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
        return InstantDeserializer.INSTANT.deserialize(parser, context);
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
            return Instant.parse(text.strip());
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
