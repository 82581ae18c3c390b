/** App Home: the core's personal overview, published whenever the person opens the Home tab. */
import type { App } from "@slack/bolt";
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import { renderHome } from "../../render/surfaces.js";
import { homeShowMore } from "../../show-more.js";
import type { ListenerDeps } from "../deps.js";

export async function publishHome(deps: ListenerDeps, client: WebClient, teamId: string, userId: string, page = 0) {
  // The Home tab lives in the app's DM with the person; the core sees it as a personal conversation.
  const context = await deps.identities.context(client, teamId, userId, userId);
  const message = await deps.core.homeView({ ...context, conversation: { id: userId, kind: "personal" } });
  await client.views.publish({ user_id: userId, view: renderHome(message, { page, showMore: homeShowMore }) });
}

export function registerAppHomeOpened(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", async ({ event, body, context, client }) => {
    if (event.tab !== "home") return;
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id ?? "";
    try {
      await deps.work.run(() => publishHome(deps, client, teamId, event.user));
    } catch (error) {
      deps.logger.error("slack app home failed", { teamId, userId: event.user, error: String(error) });
    }
  });
}
