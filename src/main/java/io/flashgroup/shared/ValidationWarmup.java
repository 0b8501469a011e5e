package io.flashgroup.shared;

import java.util.Locale;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Loads the validation message bundles at startup. Hibernate Validator reads them from
 * jar files the first time a constraint fails, and that first bad request would otherwise
 * block a Netty event-loop thread on file I/O (BlockHound caught it). Messages use one
 * fixed locale ({@code spring.web.locale}), so one warm-up covers every request.
 */
@Component
class ValidationWarmup implements ApplicationListener<ApplicationStartedEvent> {

	private final Validator validator;

	ValidationWarmup(Validator validator) {
		this.validator = validator;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		Locale previous = LocaleContextHolder.getLocale();
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		try {
			this.validator.validate(new Invalid(null));
		}
		finally {
			LocaleContextHolder.setLocale(previous);
		}
	}

	private record Invalid(@NotNull Object value) {
	}

}
