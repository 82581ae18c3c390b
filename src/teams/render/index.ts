export { renderMessageCard, renderFormCard, cardSize, CARD_CHAR_BUDGET } from "./card.js";
export { toCardMarkdown, toPlainText } from "./markdown.js";
export { ADAPTIVE_CARD_CONTENT_TYPE, DATA_KEYS, type AdaptiveCardJson } from "./elements.js";
