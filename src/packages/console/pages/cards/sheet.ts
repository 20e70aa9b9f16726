// How printed cards fall onto A4 sheets. Pure.

/** 2 columns × 4 rows of cards per A4 page. */
export const CARDS_PER_SHEET = 8

/** Splits cards into sheets of CARDS_PER_SHEET, e.g. 10 cards → [8, 2]. */
export function toSheets<T>(cards: readonly T[], perSheet = CARDS_PER_SHEET): T[][] {
  const sheets: T[][] = []
  for (let i = 0; i < cards.length; i += perSheet) sheets.push(cards.slice(i, i + perSheet))
  return sheets
}
