/**
 * How big each entity is relative to the number of contacts, and how often each check's
 * defect is injected. docs/sample-data.md shows the same table; the ground truth repeats the
 * rates it was generated with.
 */

/** Entity sizes as a function of the contact count N. */
export function entityCounts(contacts: number): {
  users: number;
  companies: number;
  contacts: number;
  deals: number;
  tasks: number;
  activities: number;
  customer_feedback: number;
} {
  return {
    users: Math.max(8, Math.round(contacts / 500)),
    companies: Math.max(5, Math.round(contacts / 10)),
    contacts,
    deals: Math.max(10, Math.round(contacts / 5)),
    tasks: Math.max(10, Math.round(contacts / 2)),
    activities: Math.round(contacts * 1.5),
    customer_feedback: Math.max(5, Math.round(contacts / 20)),
  };
}

/**
 * Share of the base population that carries each injected defect (at least one record each).
 * The populations: contacts, companies, users, open deals, lost deals, closed deals, open
 * tasks, activities. Memberships implied by other defects (a contact past retention is also
 * stale, a task of a deactivated user is unassigned, …) come on top and are in the ground truth.
 */
export const DEFECT_RATES = {
  "contact.missing-email-and-phone": 0.02,
  "contact.missing-owner": 0.03,
  "contact.missing-company": 0.04,
  "contact.missing-lifecycle-stage": 0.05,
  "contact.invalid-email": 0.015,
  "contact.invalid-phone": 0.015,
  "contact.stale": 0.08,
  "contact.retention-exceeded": 0.02,
  "contact.missing-consent": 0.03,
  "contact.contacted-after-withdrawal": 0.005,
  /** Share of contacts that are the original or a variant in a duplicate group. */
  "contact.duplicate": 0.03,
  "company.duplicate": 0.03,
  "task.overdue": 0.12,
  "task.missing-due-date": 0.05,
  "task.unassigned": 0.04,
  "deal.past-close-date": 0.1,
  "deal.missing-close-date": 0.04,
  "deal.missing-amount": 0.04,
  "deal.missing-owner": 0.03,
  "deal.stuck-in-stage": 0.08,
  "deal.no-recent-activity": 0.1,
  "deal.lost-without-reason": 0.2,
  "deal.closed-before-created": 0.01,
  "user.inactive": 0.08,
  "user.dormant": 0.05,
  "user.no-recent-activity": 0.06,
  "user.mfa-disabled": 0.1,
  "user.shared-login": 0.01,
  /** Not a rate: whether the active admins outnumber max(2, 10% of active users) (1 = always). */
  "user.too-many-admins": 1,
  "activity.future-dated": 0.003,
} as const;

/** Base-data shares that are not defects but shape the population the defects are drawn from. */
export const BASE_RATES = {
  /** Users deactivated (active = false); their open tasks count as unassigned. */
  deactivatedUsers: 0.08,
  /** Open tasks assigned to a deactivated user (implied task.unassigned). */
  tasksOfDeactivatedUsers: 0.01,
  dealsOpen: 0.55,
  dealsWon: 0.25,
  tasksDone: 0.35,
  /** Contacts with consent withdrawn and no contact since (clean). */
  withdrawnClean: 0.005,
  /** Pairs of different people who share a first and last name (must not be merged). */
  namesakePairs: 0.002,
} as const;
