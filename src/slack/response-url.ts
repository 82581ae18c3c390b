/**
 * Which response_urls the bot may post to. A response_url arrives inside the request, so an
 * answer (possibly with unmasked contact data) must never go to a host that is not Slack's:
 * https://hooks.slack.com, the origin of SLACK_API_URL and its hooks host (GovSlack, the tests'
 * fake), and the hosts listed in SLACK_RESPONSE_URL_HOSTS (https only).
 */
import type { AppConfig } from "../config.js";

export type ResponseUrlPolicy = (url: string) => boolean;

export function responseUrlPolicy(
  config: Pick<AppConfig, "SLACK_API_URL" | "SLACK_RESPONSE_URL_HOSTS">,
): ResponseUrlPolicy {
  const httpsHosts = new Set(["hooks.slack.com", ...config.SLACK_RESPONSE_URL_HOSTS.map((h) => h.toLowerCase())]);
  const origins = new Set<string>();
  if (config.SLACK_API_URL) {
    const api = new URL(config.SLACK_API_URL);
    origins.add(api.origin);
    if (api.protocol === "https:") httpsHosts.add(`hooks.${api.host}`);
  }
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    return origins.has(url.origin) || (url.protocol === "https:" && httpsHosts.has(url.host));
  };
}
