package io.flashgroup;

import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph stays layered: the kinds (flashsale, groupbuy, bargain) on top of the
 * machinery every kind shares (campaign, order, live, timer, ops, recovery, ...), on top
 * of {@code shared}. Nothing below a kind names one, and kinds never reach into each
 * other, so a new kind is a folder.
 */
class ArchitectureTests {

	private static final String[] KINDS = { "io.flashgroup.flashsale..", "io.flashgroup.groupbuy..",
			"io.flashgroup.bargain.." };

	private static final String[] BELOW_THE_KINDS = { "io.flashgroup.campaign..", "io.flashgroup.order..",
			"io.flashgroup.live..", "io.flashgroup.timer..", "io.flashgroup.ops..", "io.flashgroup.recovery..",
			"io.flashgroup.security..", "io.flashgroup.ratelimit..", "io.flashgroup.web.." };

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.flashgroup");

	@Test
	void sharedDependsOnNothingOfOurs() {
		noClasses().that()
			.resideInAPackage("io.flashgroup.shared..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(BELOW_THE_KINDS, KINDS))
			.check(CLASSES);
	}

	@Test
	void nothingBelowTheKindsNamesAKind() {
		noClasses().that()
			.resideInAnyPackage(concat(BELOW_THE_KINDS, new String[] { "io.flashgroup.shared.." }))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(KINDS)
			.check(CLASSES);
	}

	@Test
	void noKindDependsOnAnother() {
		for (String kind : KINDS) {
			String[] others = Arrays.stream(KINDS).filter((other) -> !other.equals(kind)).toArray(String[]::new);
			noClasses().that()
				.resideInAPackage(kind)
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(others)
				.check(CLASSES);
		}
	}

	@Test
	void packagesFormNoCycle() {
		slices().matching("io.flashgroup.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	private static String[] concat(String[] a, String[] b) {
		String[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
