/**
 * The export's file name. The title is page text, so it is reduced to a short ASCII slug: no path
 * separators or `..`, no control or bidi characters (a reversed `gpj.exe` look), no characters
 * Windows refuses (`<>:"|?*`), no trailing dot or space; the fixed `hark-` prefix means the name
 * can never be a reserved device name (`CON`, `NUL`, `COM1`…).
 */
export function safeFileName(isoStart: string, title: string, ext: 'md' | 'json'): string {
  const stamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(isoStart) ? isoStart.slice(0, 16).replace('T', '-').replace(':', '') : 'undated';
  const slug = String(title)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `hark-${stamp}${slug ? `-${slug}` : ''}.${ext}`;
}
