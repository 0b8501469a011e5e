package io.flashgroup.groupbuy;

import java.util.Map;

import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.Refusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/** Why a group refused a seat change, beyond the refusals every kind shares. */
sealed interface GroupRefusal extends Refusal {

	/** The group refusal a seat or leave reply carries, or null. */
	static @Nullable GroupRefusal of(ScriptReply reply, String groupId) {
		return switch (reply.outcome()) {
			case "GROUP_NOT_FOUND" -> new NoGroup(groupId);
			case "GROUP_FULL" -> new Full();
			case "GROUP_CLOSED" -> new Closed(reply.detail());
			case "ALREADY_MEMBER" -> new AlreadyMember();
			case "NOT_MEMBER" -> new NotMember(groupId);
			case "ALREADY_PAID" -> new AlreadyPaid();
			default -> null;
		};
	}

	record NoGroup(String groupId) implements GroupRefusal {

		@Override
		public String tag() {
			return "group_not_found";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.notFound("Group " + this.groupId);
		}

	}

	record Full() implements GroupRefusal {

		@Override
		public String tag() {
			return "group_full";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("group-full", "Every seat of this group is taken", Map.of());
		}

	}

	record Closed(String groupStatus) implements GroupRefusal {

		@Override
		public String tag() {
			return "group_closed";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("group-closed", "This group no longer takes members or changes",
					Map.of("groupStatus", this.groupStatus));
		}

	}

	record AlreadyMember() implements GroupRefusal {

		@Override
		public String tag() {
			return "already_member";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("already-member", "You already have a seat in this group", Map.of());
		}

	}

	record NotMember(String groupId) implements GroupRefusal {

		@Override
		public String tag() {
			return "not_member";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.notFound("Your seat in group " + this.groupId);
		}

	}

	record AlreadyPaid() implements GroupRefusal {

		@Override
		public String tag() {
			return "already_paid";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("already-paid", "A paid seat cannot be left", Map.of());
		}

	}

}
