package io.flashgroup.groupbuy;

import java.util.Map;

import io.flashgroup.campaign.KindRefusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/** Why a group refused a seat change, beyond the refusals every kind shares. */
final class GroupRefusals {

	private GroupRefusals() {
	}

	/** The group refusal a seat or leave reply carries, or null. */
	static @Nullable KindRefusal of(ScriptReply reply, String groupId) {
		return switch (reply.outcome()) {
			case "GROUP_NOT_FOUND" -> new KindRefusal("group_not_found", ProblemException.notFound("Group " + groupId));
			case "NOT_MEMBER" ->
				new KindRefusal("not_member", ProblemException.notFound("Your seat in group " + groupId));
			case "GROUP_FULL" -> KindRefusal.conflict("group-full", "Every seat of this group is taken", Map.of());
			case "GROUP_CLOSED" -> KindRefusal.conflict("group-closed", "This group no longer takes members or changes",
					Map.of("groupStatus", reply.detail()));
			case "ALREADY_MEMBER" ->
				KindRefusal.conflict("already-member", "You already have a seat in this group", Map.of());
			case "ALREADY_PAID" -> KindRefusal.conflict("already-paid", "A paid seat cannot be left", Map.of());
			default -> null;
		};
	}

}
