// Text placed into HTML or SVG markup: the five characters with meaning there become character references.
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
