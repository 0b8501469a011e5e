package io.flashgroup.shared;

import java.util.Map;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.ConstraintValidatorContext.ConstraintViolationBuilder.NodeBuilderCustomizableContext;

/**
 * Turns a request's broken cross-field rules into violations on the named fields, nested
 * paths included.
 */
public class CrossFieldValidator implements ConstraintValidator<CrossFieldRules, CrossFieldChecked> {

	@Override
	public boolean isValid(CrossFieldChecked request, ConstraintValidatorContext context) {
		if (request == null) {
			return true;
		}
		Map<String, String> errors = request.crossFieldErrors();
		if (errors.isEmpty()) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		errors.forEach((field, message) -> {
			String[] path = field.split("\\.");
			NodeBuilderCustomizableContext node = context.buildConstraintViolationWithTemplate(literal(message))
				.addPropertyNode(path[0]);
			for (int i = 1; i < path.length; i++) {
				node = node.addPropertyNode(path[i]);
			}
			node.addConstraintViolation();
		});
		return false;
	}

	/** The message as a literal, not a template: no parameters or expressions in it. */
	private static String literal(String message) {
		return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
	}

}
