/**
 * Every check of the catalogue, in the order of docs/checks.md (dataset.count-drop, then the survey check, last). Adding a
 * check is one file, one test and one line here; ids are public and never change meaning.
 */
import activityFutureDated from "./activity/future-dated.js";
import companyDuplicate from "./company/duplicate.js";
import companyMissingOwner from "./company/missing-owner.js";
import companyOwnerDeactivated from "./company/owner-deactivated.js";
import companyValueNotAllowed from "./company/value-not-allowed.js";
import contactDuplicate from "./contact/duplicate.js";
import contactContactedAfterWithdrawal from "./contact/contacted-after-withdrawal.js";
import contactInvalidEmail from "./contact/invalid-email.js";
import contactInvalidPhone from "./contact/invalid-phone.js";
import contactMissingCompany from "./contact/missing-company.js";
import contactMissingConsent from "./contact/missing-consent.js";
import contactMissingEmailAndPhone from "./contact/missing-email-and-phone.js";
import contactMissingLifecycleStage from "./contact/missing-lifecycle-stage.js";
import contactMissingOwner from "./contact/missing-owner.js";
import contactOwnerDeactivated from "./contact/owner-deactivated.js";
import contactRetentionExceeded from "./contact/retention-exceeded.js";
import contactStale from "./contact/stale.js";
import datasetCountDrop from "./dataset/count-drop.js";
import surveyMoreAnswersThanInvited from "./survey/more-answers-than-invited.js";
import dealClosedBeforeCreated from "./deal/closed-before-created.js";
import dealLostWithoutReason from "./deal/lost-without-reason.js";
import dealMissingAmount from "./deal/missing-amount.js";
import dealMissingCloseDate from "./deal/missing-close-date.js";
import dealMissingCompany from "./deal/missing-company.js";
import dealMissingOwner from "./deal/missing-owner.js";
import dealNoRecentActivity from "./deal/no-recent-activity.js";
import dealOwnerDeactivated from "./deal/owner-deactivated.js";
import dealPastCloseDate from "./deal/past-close-date.js";
import dealStuckInStage from "./deal/stuck-in-stage.js";
import taskMissingDueDate from "./task/missing-due-date.js";
import taskOverdue from "./task/overdue.js";
import taskUnassigned from "./task/unassigned.js";
import userDormant from "./user/dormant.js";
import userInactive from "./user/inactive.js";
import userMfaDisabled from "./user/mfa-disabled.js";
import userNoRecentActivity from "./user/no-recent-activity.js";
import userSharedLogin from "./user/shared-login.js";
import userTooManyAdmins from "./user/too-many-admins.js";
import type { Category, Check } from "./types.js";

export const CHECKS: readonly Check[] = [
  contactMissingEmailAndPhone,
  contactMissingOwner,
  contactOwnerDeactivated,
  contactMissingCompany,
  contactMissingLifecycleStage,
  contactInvalidEmail,
  contactInvalidPhone,
  contactStale,
  contactRetentionExceeded,
  contactMissingConsent,
  contactContactedAfterWithdrawal,
  contactDuplicate,
  companyDuplicate,
  companyMissingOwner,
  companyOwnerDeactivated,
  companyValueNotAllowed,
  taskOverdue,
  taskMissingDueDate,
  taskUnassigned,
  dealPastCloseDate,
  dealMissingCloseDate,
  dealMissingAmount,
  dealMissingOwner,
  dealOwnerDeactivated,
  dealMissingCompany,
  dealStuckInStage,
  dealNoRecentActivity,
  dealLostWithoutReason,
  dealClosedBeforeCreated,
  userInactive,
  userDormant,
  userNoRecentActivity,
  userMfaDisabled,
  userSharedLogin,
  userTooManyAdmins,
  activityFutureDated,
  datasetCountDrop,
  surveyMoreAnswersThanInvited,
];

const byId = new Map<string, Check>(CHECKS.map((check) => [check.meta.id, check]));

export function findCheck(id: string): Check | undefined {
  return byId.get(id);
}

export function checksInCategory(category: Category): Check[] {
  return CHECKS.filter((check) => check.meta.category === category);
}

export function checkIds(): string[] {
  return CHECKS.map((check) => check.meta.id);
}
