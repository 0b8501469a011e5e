package io.flashgroup.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.flashgroup.shared.ProblemWriter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * JWT bearer tokens with a {@code roles} claim (SHOPPER, SELLER, OPS) and the subject as
 * user id. Watching and reading public state needs no token; buying and selling do.
 * Failures are RFC 9457 problems like every other error.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemWriter problems,
			ObjectProvider<ApiRoutes> features, ReactiveJwtDecoder decoder, SecurityProperties properties,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlers) {
		RouteRules rules = rules(patternParser(handlers), features.orderedStream().toList());
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.authorizeExchange((exchanges) -> exchanges.anyExchange().access(rules))
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt.jwtDecoder(cached(decoder, properties))
					.jwtAuthenticationConverter(authenticationConverter()))
				.authenticationEntryPoint((exchange, ex) -> problem(exchange, problems, HttpStatus.UNAUTHORIZED,
						"unauthorized", "A valid bearer token is required"))
				.accessDeniedHandler((exchange, ex) -> problem(exchange, problems, HttpStatus.FORBIDDEN, "forbidden",
						"Your roles do not allow this")))
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((exchange, ex) -> problem(exchange, problems, HttpStatus.UNAUTHORIZED,
						"unauthorized", "A valid bearer token is required"))
				.accessDeniedHandler((exchange, ex) -> problem(exchange, problems, HttpStatus.FORBIDDEN, "forbidden",
						"Your roles do not allow this")))
			.build();
	}

	/**
	 * The routes the features declare, each for anyone or for the holders of its roles
	 * (owner rules, a seller's own campaign or a session's owner, are the handlers'),
	 * then the server's own; the first match decides.
	 */
	private static RouteRules rules(PathPatternParser parser, List<ApiRoutes> features) {
		RouteRules rules = new RouteRules(parser);
		for (ApiRoutes feature : features) {
			for (ApiRoute route : feature.apiRoutes()) {
				if (route.roles().isEmpty()) {
					rules.permit(route.method(), route.pattern());
				}
				else {
					rules.roles(route.method(), route.roles(), route.pattern());
				}
			}
		}
		return rules.permit(HttpMethod.POST, "/api/dev/tokens")
			.permit(null, "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
			.roles(HttpMethod.GET, List.of("OPS"), "/api/live/ops:*")
			.permit(HttpMethod.GET, "/ws", "/api/live/**", "/api/campaigns")
			.roles(null, List.of("OPS"), "/api/ops/**")
			.authenticated(null, "/api/**");
	}

	/** Paths are matched as the handler mappings match them, as Spring Security does. */
	private static PathPatternParser patternParser(ObjectProvider<RequestMappingHandlerMapping> handlers) {
		RequestMappingHandlerMapping mapping = handlers.getIfAvailable();
		return (mapping != null) ? mapping.getPathPatternParser() : PathPatternParser.defaultInstance;
	}

	/** Requests skip decoding a token seen before (see {@link CachingJwtDecoder}). */
	private static ReactiveJwtDecoder cached(ReactiveJwtDecoder decoder, SecurityProperties properties) {
		if (properties.tokenCacheSize() <= 0) {
			return decoder;
		}
		return new CachingJwtDecoder(decoder, properties.tokenCacheSize(), properties.clockSkew(), Clock.systemUTC());
	}

	/**
	 * Requests the firewall refuses (an encoded slash or dot, {@code %25}, a NUL, a
	 * semicolon in the path, an unknown method) get a {@code malformed-request} problem
	 * instead of an empty 400.
	 */
	@Bean
	ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemWriter problems) {
		return (exchange, ex) -> problems.write(exchange, HttpStatus.BAD_REQUEST, "malformed-request",
				"The request was refused: its path, method or headers are not allowed");
	}

	/**
	 * Spring Security's strict firewall with its defaults, its header checks written as a
	 * loop ({@link HeaderCharacters}) instead of regular expressions.
	 */
	@Bean
	ServerWebExchangeFirewall exchangeFirewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::name);
		firewall.setAllowedHeaderValues(HeaderCharacters::value);
		return firewall;
	}

	/**
	 * Every token has an expiry, checked with a small skew. Boot adds this validator to
	 * the decoder it builds from a JWK set in place of its default (no {@code exp}
	 * required, a minute of skew); the HMAC decoder below takes it too.
	 */
	@Bean
	JwtTimestampValidator tokenExpiry(SecurityProperties properties) {
		JwtTimestampValidator expiry = new JwtTimestampValidator(properties.clockSkew());
		expiry.setAllowEmptyExpiryClaim(false);
		return expiry;
	}

	/** The claims this server reads are well formed, on either decoder. */
	@Bean
	OAuth2TokenValidator<Jwt> tokenClaims() {
		return new TokenClaims();
	}

	@Bean
	@ConditionalOnProperty("flashgroup.security.hmac-secret")
	ReactiveJwtDecoder hmacJwtDecoder(SecurityProperties properties, List<OAuth2TokenValidator<Jwt>> validators) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(hmacKey(properties))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
		return decoder;
	}

	static SecretKey hmacKey(SecurityProperties properties) {
		byte[] secret = String.valueOf(properties.hmacSecret()).getBytes(StandardCharsets.UTF_8);
		if (secret.length < 32) {
			throw new IllegalStateException("flashgroup.security.hmac-secret must be at least 32 bytes");
		}
		return new SecretKeySpec(secret, "HmacSHA256");
	}

	private static ReactiveJwtAuthenticationConverterAdapter authenticationConverter() {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

	private static Mono<Void> problem(ServerWebExchange exchange, ProblemWriter problems, HttpStatus status,
			String type, String detail) {
		if (status == HttpStatus.UNAUTHORIZED) {
			exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
		}
		return problems.write(exchange, status, type, detail);
	}

}
