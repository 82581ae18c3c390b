/**
 * System and integration users: accounts a CRM creates for its own processes or for
 * integrations (Salesforce's Automated Process, Chatter Expert, Security User, Integration User).
 * Nobody logs in with them, so "inactive", "dormant" or "no MFA" says nothing about people; the
 * audit leaves them out of the user checks (meta.entity "users") and of the adoption figures.
 * This is the one rule (docs/checks.md, "System and integration users"); a user is one when:
 *
 * - its name is one a CRM gives its built-in accounts (SYSTEM_USER_NAMES, case-insensitive);
 * - an extra column of the import says so: a flag column (SYSTEM_FLAG_COLUMNS) holding a true
 *   value, Salesforce's `UserType` "AutomatedProcess", or a profile column (`Profile.Name`,
 *   `ProfileName`, `Profile`) naming an integration profile (SYSTEM_PROFILES);
 * - the configuration lists its id or email (`systemUsers:` in crm-audit.config.yml).
 */

/** Names of built-in accounts (Salesforce creates these in every org). */
export const SYSTEM_USER_NAMES = [
  "Automated Process",
  "Chatter Expert",
  "Security User",
  "Integration User",
  "Platform Integration User",
  "Data.com Clean",
  "Insights Integration",
  "SalesforceIQ Integration",
  "Einstein Activity Capture",
];

/** Profiles (Salesforce) whose holders are integrations, not people. */
export const SYSTEM_PROFILES = [
  "Analytics Cloud Integration User",
  "Analytics Cloud Security User",
  "Salesforce API Only System Integrations",
  "Minimum Access - API Only Integrations",
  "Chatter Free User - Integration",
];

/** Extra columns (compared case-insensitively) that flag a system or integration user with a true value. */
export const SYSTEM_FLAG_COLUMNS = ["is_system_user", "system_user", "is_integration_user", "integration_user"];

const PROFILE_COLUMNS = ["profile.name", "profilename", "profile"];
const TRUE_VALUES = new Set(["true", "1", "yes", "y", "x"]);

export interface SystemUserFields {
  id: string;
  name: string;
  email: string;
  /** JSON object text of the import's extra columns, when the row carries it. */
  extra?: string | null;
}

/** A predicate for "is a system or integration user", given the configured ids and emails. */
export function systemUserRule(configured: readonly string[] = []): (user: SystemUserFields) => boolean {
  const names = new Set(SYSTEM_USER_NAMES.map((n) => n.toLowerCase()));
  const profiles = new Set(SYSTEM_PROFILES.map((p) => p.toLowerCase()));
  const flags = new Set(SYSTEM_FLAG_COLUMNS);
  const listed = new Set(configured.map((c) => c.trim().toLowerCase()));
  return (user) => {
    if (names.has(user.name.trim().toLowerCase())) return true;
    if (listed.has(user.id.toLowerCase()) || (user.email && listed.has(user.email.trim().toLowerCase()))) return true;
    if (!user.extra) return false;
    let extra: unknown;
    try {
      extra = JSON.parse(user.extra);
    } catch {
      return false;
    }
    if (typeof extra !== "object" || extra === null) return false;
    for (const [key, raw] of Object.entries(extra)) {
      const column = key.trim().toLowerCase();
      const value = String(raw).trim().toLowerCase();
      if (flags.has(column) && TRUE_VALUES.has(value)) return true;
      if (column === "usertype" && value === "automatedprocess") return true;
      if (PROFILE_COLUMNS.includes(column) && profiles.has(value)) return true;
    }
    return false;
  };
}
