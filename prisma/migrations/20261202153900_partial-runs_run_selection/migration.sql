-- Partial runs (a chosen set of checks or categories) are stored as such, so they never stand
-- in for the latest full audit and are compared only with runs of the same selection.
ALTER TABLE "audit_runs" ADD COLUMN "selection" TEXT;

-- Earlier runs kept their selection in config.select: the same canonical form (sorted, unique).
UPDATE "audit_runs"
SET "selection" = (
  SELECT json_group_array("value") FROM (
    SELECT DISTINCT "value" FROM json_each("audit_runs"."config", '$.select') ORDER BY "value"
  )
)
WHERE json_type("config", '$.select') = 'array' AND json_array_length("config", '$.select') > 0;

CREATE INDEX "audit_runs_workspaceId_selection_id_idx" ON "audit_runs"("workspaceId", "selection", "id");
