package org.relman.security;

import static org.relman.security.Roles.AUDITORS;
import static org.relman.security.Roles.ENGINEERS;
import static org.relman.security.Roles.RELEASE_MANAGERS;

import java.util.Arrays;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Three doors. {@code /engine-rest/**} and the webapps under {@code /operaton/**} check logins themselves (engine REST:
 * {@link EngineRestSecurity}; webapps: their own session login and CSRF filter), so Spring stays out of their way.
 * {@code /api/**} is stateless HTTP Basic against the engine's identity service or an API token ({@link ApiTokens}),
 * with the role rules of API.md;
 * webhook callbacks are verified by their HMAC signature instead. Everything else is public or read-only.
 */
@Configuration
class SecurityConfig {

  private static final String[] PEOPLE = Roles.PEOPLE.toArray(String[]::new);

  @Bean
  @Order(1)
  SecurityFilterChain engineAndWebapps(HttpSecurity http) throws Exception {
    var paths = PathPatternRequestMatcher.withDefaults();
    return http
        .securityMatcher(new OrRequestMatcher(paths.matcher("/engine-rest/**"), paths.matcher("/operaton/**")))
        // the Admin webapp's "create the first administrator" page answers anonymous visitors while no administrator
        // exists; relman's administrator comes from configuration (docs/security.md), so the page stays closed
        .authorizeHttpRequests(a -> a
            .requestMatchers(paths.matcher("/operaton/api/admin/setup/**")).denyAll()
            .anyRequest().permitAll())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .securityContext(AbstractHttpConfigurer::disable)
        .headers(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, EngineIdentityAuthenticationProvider identity, ProblemResponses problems,
      ApiTokens tokens, OidcSignIn oidc) throws Exception {
    var paths = PathPatternRequestMatcher.withDefaults();
    http
        .securityMatcher(paths.matcher("/api/**"))
        .authorizeHttpRequests(a -> a
            // machine callbacks: authenticated by their HMAC signature in the controller
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/releases/{id}/gates/{gate}")).permitAll()
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/releases/{id}/deployments/{environment}")).permitAll()
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/releases/by-version/{version}/gates/{gate}")).permitAll()
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/releases/by-version/{version}/deployments/{environment}"))
            .permitAll()
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/releases")).hasAnyAuthority(ENGINEERS, RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/releases/{id}/cancel")).hasAuthority(RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.GET, "/api/audit/verify")).hasAnyAuthority(AUDITORS, RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.GET, "/api/audit")).hasAnyAuthority(AUDITORS, RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.GET, "/api/releases/{id}/evidence")).hasAnyAuthority(AUDITORS, RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/freezes")).hasAuthority(RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.DELETE, "/api/freezes/{id}")).hasAuthority(RELEASE_MANAGERS)
            // who may create and revoke which token: ApiTokens
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/tokens")).hasAnyAuthority(PEOPLE)
            .requestMatchers(paths.matcher(HttpMethod.DELETE, "/api/tokens/{id}")).hasAnyAuthority(PEOPLE)
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/calendar/feed-token")).hasAnyAuthority(PEOPLE)
            .requestMatchers(paths.matcher(HttpMethod.DELETE, "/api/calendar/feed-token")).hasAnyAuthority(PEOPLE)
            .requestMatchers(paths.matcher(HttpMethod.GET, "/api/**")).hasAnyAuthority(PEOPLE)
            // claiming and completing tasks: the task's candidate groups decide, see TaskController
            .requestMatchers(paths.matcher(HttpMethod.POST, "/api/tasks/**")).hasAnyAuthority(PEOPLE)
            .anyRequest().denyAll())
        .authenticationProvider(identity)
        // API tokens (Authorization: Bearer relman_...) and calendar feed tokens (calendar.ics?token=), before HTTP Basic
        .addFilterBefore(new ApiTokenFilter(tokens, problems.entryPoint()), BasicAuthenticationFilter.class)
        .httpBasic(b -> b.authenticationEntryPoint(problems.entryPoint()));
    if (oidc.enabled()) {
      // the OIDC provider's access tokens (JWTs), with the roles of their group claim
      http.oauth2ResourceServer(rs -> rs.bearerTokenResolver(oidc.bearerTokens())
          .authenticationEntryPoint(problems.entryPoint())
          .jwt(jwt -> jwt.decoder(oidc.jwtDecoder()).jwtAuthenticationConverter(oidc::toAuthentication)));
    }
    return http
        .exceptionHandling(e -> e.authenticationEntryPoint(problems.entryPoint()).accessDeniedHandler(problems.accessDenied()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .build();
  }

  /**
   * relman's own pages: a form login with a session and CSRF on every form, checked against the engine's identity
   * service like the API. What a role may do on a page is decided again by the services the page calls (the task list,
   * the release service), exactly as for the API. Pages load scripts and styles from relman only.
   */
  @Bean
  @Order(3)
  SecurityFilterChain pages(HttpSecurity http, EngineIdentityAuthenticationProvider identity, OidcSignIn oidc)
      throws Exception {
    var paths = PathPatternRequestMatcher.withDefaults();
    // with single sign-on, the OIDC redirects (/oauth2/authorization/oidc, /login/oauth2/code/oidc) are pages too
    String[] ssoPaths = oidc.enabled() ? new String[] {"/oauth2/authorization/**", "/login/oauth2/code/**"} : new String[0];
    if (oidc.enabled()) {
      http.oauth2Login(login -> login.loginPage("/login").clientRegistrationRepository(oidc.clients())
          .userInfoEndpoint(user -> user.oidcUserService(oidc.users()))
          .defaultSuccessUrl("/releases").failureUrl("/login?failed"));
    }
    return http
        .securityMatcher(new OrRequestMatcher(java.util.stream.Stream.concat(Arrays.stream(WebPages.PATHS),
            Arrays.stream(ssoPaths)).map(paths::matcher).toArray(RequestMatcher[]::new)))
        .authorizeHttpRequests(a -> a
            .requestMatchers(paths.matcher("/login"), paths.matcher("/logout")).permitAll()
            .requestMatchers(paths.matcher("/audit/**"), paths.matcher("/audit")).hasAnyAuthority(AUDITORS, RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.GET, "/releases/new")).hasAnyAuthority(ENGINEERS, RELEASE_MANAGERS)
            .requestMatchers(paths.matcher(HttpMethod.POST, "/releases")).hasAnyAuthority(ENGINEERS, RELEASE_MANAGERS)
            // declaring and lifting freezes on the calendar page: release managers, as POST and DELETE /api/freezes
            .requestMatchers(paths.matcher(HttpMethod.POST, "/calendar/**")).hasAuthority(RELEASE_MANAGERS)
            // the same rules as the API's: cancelling is for release managers, evidence for auditors and them
            .requestMatchers(paths.matcher(HttpMethod.POST, "/releases/{id}/cancel")).hasAuthority(RELEASE_MANAGERS)
            .requestMatchers(paths.matcher("/releases/{id}/evidence/**")).hasAnyAuthority(AUDITORS, RELEASE_MANAGERS)
            .anyRequest().hasAnyAuthority(PEOPLE))
        .authenticationProvider(identity)
        .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/releases").failureUrl("/login?failed")
            .permitAll())
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(WebPages.CONTENT_SECURITY_POLICY))
            .frameOptions(frame -> frame.deny()))
        .build();
  }

  @Bean
  @Order(4)
  SecurityFilterChain everythingElse(HttpSecurity http, EngineIdentityAuthenticationProvider identity,
      ProblemResponses problems, MetricsScrapeToken scrapeToken) throws Exception {
    var paths = PathPatternRequestMatcher.withDefaults();
    return http
        .authorizeHttpRequests(a -> a
            // the error page renders a refusal or failure decided elsewhere (a webapp's 403, a 500 of a POST)
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers(paths.matcher("/actuator/health/**"), paths.matcher("/actuator/health"),
                paths.matcher("/actuator/info")).permitAll()
            // Prometheus may scrape with relman.metrics.scrape-token instead of a person's login
            .requestMatchers(paths.matcher("/actuator/prometheus"))
            .access(scrapeToken.orAnyAuthority(RELEASE_MANAGERS, Roles.ADMINS))
            .requestMatchers(paths.matcher("/actuator/**")).hasAnyAuthority(RELEASE_MANAGERS, Roles.ADMINS)
            .requestMatchers(paths.matcher(HttpMethod.GET, "/**")).permitAll()
            .anyRequest().denyAll())
        .authenticationProvider(identity)
        .httpBasic(b -> b.authenticationEntryPoint(problems.entryPoint()))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems.entryPoint()).accessDeniedHandler(problems.accessDenied()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .build();
  }
}
