/** The article a passage belongs to: its id up to the last `#` (`slug#3` → `slug`). */
export function slugOfPassage(id: string): string {
  const hash = id.lastIndexOf('#');
  return hash < 0 ? id : id.slice(0, hash);
}
