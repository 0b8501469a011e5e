package io.flashgroup.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims this server reads, checked once when a token is decoded: {@code sub} is a
 * user id ({@link UserIds}), {@code roles} is absent, text (space-separated) or a list of
 * text, {@code name} is absent or text. A validly signed token that breaks this is
 * malformed and refused with 401, never guessed at: a missing {@code sub} used to make
 * every such token the same user {@code ""}, and {@code roles: [["SHOPPER"]]} a 500.
 */
final class TokenClaims implements OAuth2TokenValidator<Jwt> {

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		List<OAuth2Error> errors = new ArrayList<>();
		if (!UserIds.valid(jwt.getSubject())) {
			errors.add(malformed("sub must be " + UserIds.RULE));
		}
		Object roles = jwt.getClaims().get("roles");
		if (roles != null && !(roles instanceof String) && !listOfText(roles)) {
			errors.add(malformed("roles must be text or a list of text"));
		}
		Object name = jwt.getClaims().get("name");
		if (name != null && !(name instanceof String)) {
			errors.add(malformed("name must be text"));
		}
		return OAuth2TokenValidatorResult.failure(errors);
	}

	private static boolean listOfText(Object claim) {
		return claim instanceof Collection<?> values && values.stream().allMatch(String.class::isInstance);
	}

	private static OAuth2Error malformed(String description) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
	}

}
