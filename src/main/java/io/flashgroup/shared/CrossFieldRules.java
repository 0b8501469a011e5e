package io.flashgroup.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Validates a {@link CrossFieldChecked} request: one violation per broken rule, on the
 * field the rule names.
 */
@Documented
@Constraint(validatedBy = CrossFieldValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface CrossFieldRules {

	String message() default "breaks a rule between fields";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
