/** Every built-in survey's pages fit a Slack button value (the form travels in it) and a modal's metadata. */
import { describe, expect, it } from "vitest";
import type { Survey } from "../../src/core/stores/surveys.js";
import { pagesOf } from "../../src/core/surveys/pages.js";
import { surveyForm } from "../../src/core/surveys/run.js";
import { builtInTemplates } from "../../src/core/surveys/templates.js";
import { encodeFormMetadata } from "../../src/slack/listeners/views/form-metadata.js";
import { encodeForm } from "../../src/slack/render/form-codec.js";
import { LIMITS } from "../../src/slack/render/limits.js";
import { numericInputIds } from "../../src/slack/render/surfaces.js";

describe("built-in surveys on Slack", () => {
  it.each(builtInTemplates().flatMap((t) => [true, false].map((anonymous) => [t.definition.id, anonymous] as const)))(
    "%s (anonymous %s): each page fits a button value and the modal metadata",
    (id, anonymous) => {
      const definition = builtInTemplates().find((t) => t.definition.id === id)!.definition;
      const survey = { id: 99, definition, anonymous } as Survey;
      // Answers that make every conditional question show, with long text where text goes.
      const answers = Object.fromEntries(
        definition.questions.map((q) => [
          q.id,
          q.type === "single_choice"
            ? q.options[q.options.length - 1]!.value
            : q.type === "long_text"
              ? "x".repeat(300)
              : 3,
        ]),
      );
      pagesOf(definition).forEach((_, page) => {
        const form = surveyForm(survey, 123456, page, answers);
        expect(encodeForm(form), `page ${page}`).not.toBeNull();
        const metadata = encodeFormMetadata({
          formId: form.formId,
          state: form.state,
          numeric: numericInputIds(form),
          channelId: "D0123456789",
        });
        expect(metadata.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
      });
    },
  );
});
