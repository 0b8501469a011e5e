package io.flashgroup.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * Text without control characters: no NUL (PostgreSQL text refuses it, and the outbox
 * could never flush it), no line breaks or escapes in a title or SKU; and no half of a
 * UTF-16 surrogate pair (U+D800 to U+DFFF alone, which JSON can carry as an escape): it
 * has no UTF-8 spelling and would be stored as "?". Java regexes read a whole pair as one
 * code point, so {@code Cs} matches only the unpaired halves and emoji pass.
 */
@Documented
@Pattern(regexp = "[^\\p{Cc}\\p{Cs}]*")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR,
		ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface SingleLine {

	String message() default "must not contain control characters or unpaired surrogates";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
