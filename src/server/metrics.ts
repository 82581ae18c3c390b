/**
 * Counters for `GET /metrics`, in Prometheus' text exposition format (version 0.0.4): what to
 * watch on each instance (docs/deploy.md, "What to watch"). Process-wide: one server per
 * process, and counters only ever grow (a restart starts them again at 0, as Prometheus expects).
 */
import type { AuditService } from "../core/audit/types.js";
import type { JobEvent } from "../core/jobs/runner.js";
import type { JobKind } from "../core/jobs/store.js";

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: "counter" | "gauge";
  values: Map<string, { labels: Labels; value: number }>;
}

const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export class Metrics {
  private readonly families = new Map<string, Family>();

  private family(name: string, help: string, type: Family["type"]): Family {
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { help, type, values: new Map() }));
    return family;
  }

  /** Adds `by` (default 1) to the counter `name` with these labels. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const family = this.family(name, help, "counter");
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = family.values.get(key);
    if (entry) entry.value += by;
    else family.values.set(key, { labels, value: by });
  }

  /** The value of a counter (0 when never counted), for tests and the console. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.values.get(JSON.stringify(Object.entries(labels).sort()))?.value ?? 0;
  }

  /** Every counter, as Prometheus scrapes it. */
  render(extra: { name: string; help: string; value: number }[] = []): string {
    const lines: string[] = [];
    for (const [name, family] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.values.values()) {
        const text = Object.entries(labels)
          .map(([k, v]) => `${k}="${escape(v)}"`)
          .join(",");
        lines.push(`${name}${text ? `{${text}}` : ""} ${value}`);
      }
    }
    for (const { name, help, value } of extra)
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    return lines.join("\n") + "\n";
  }
}

/** The process's counters. */
export const metrics = new Metrics();

export const METRIC = {
  requests: ["crm_audit_http_requests_total", "HTTP requests answered, by route and status class"],
  deliveries: ["crm_audit_deliveries_total", "Chat deliveries (Slack requests, Teams activities) by claim result"],
  audits: ["crm_audit_audits_total", "Audits run by this instance, by trigger and outcome"],
  auditSeconds: ["crm_audit_audit_seconds_total", "Wall time spent in audits by this instance"],
  jobs: [
    "crm_audit_jobs_total",
    "Queued jobs (docs/jobs.md) by kind and event: queued here, started, retried (taken over after a lease ran out), finished, failed",
  ],
} as const;

/** Counts one job event of this instance (the job runner's onEvent). */
export function countJob(event: JobEvent, kind: JobKind): void {
  metrics.inc(...METRIC.jobs, { kind, event });
}

/** The same audit service, counting each run's outcome and wall time. */
export function countedAudits(service: AuditService): AuditService {
  return {
    ...service,
    async run(options, onProgress) {
      const started = performance.now();
      let outcome = "failed";
      try {
        const result = await service.run(options, onProgress);
        outcome = "finished";
        return result;
      } finally {
        metrics.inc(...METRIC.audits, { trigger: options.trigger, outcome });
        metrics.inc(...METRIC.auditSeconds, {}, (performance.now() - started) / 1000);
      }
    },
  };
}
