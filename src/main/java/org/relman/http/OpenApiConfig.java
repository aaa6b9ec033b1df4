package org.relman.http;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI page at {@code /swagger-ui.html}, generated from the controllers. */
@Configuration
class OpenApiConfig {

  @Bean
  OpenAPI relmanApi() {
    return new OpenAPI()
        .info(new Info()
            .title("relman API")
            .version("1")
            .description("""
                Release manager in a box. People sign in with HTTP Basic (users of the engine's identity service);
                CI and deploy tooling sign webhooks with HMAC-SHA256 (X-Relman-Timestamp, X-Relman-Signature).
                Errors are RFC 9457 problem details; validation problems list every invalid field in `errors`.
                Times are ISO-8601 instants, durations ISO-8601 durations.""")
            .license(new License().name("Apache-2.0")))
        .components(new Components().addSecuritySchemes("basic",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList("basic"));
  }
}
