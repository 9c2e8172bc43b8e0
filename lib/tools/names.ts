/**
 * The page tools by name, and what kind each is: reading tools only read (within the site rules),
 * pointing tools change what the user sees but nothing on the page, acting tools change where
 * the user is and so always wait for the user's confirmation.
 */
export const TOOL_NAMES = [
  'find_on_page', 'read_section', 'read_more', 'get_selection', 'list_links', 'list_headings',
  'list_tabs', 'read_tab', 'look_at_screen', 'highlight', 'clear_highlights', 'scroll', 'open_link', 'go_back',
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];
export type ToolKind = 'reading' | 'pointing' | 'acting';

export const TOOL_KIND: Record<ToolName, ToolKind> = {
  find_on_page: 'reading',
  read_section: 'reading',
  read_more: 'reading',
  get_selection: 'reading',
  list_links: 'reading',
  list_headings: 'reading',
  list_tabs: 'reading',
  read_tab: 'reading',
  look_at_screen: 'reading',
  highlight: 'pointing',
  clear_highlights: 'pointing',
  scroll: 'pointing',
  open_link: 'acting',
  go_back: 'acting',
};

export const isToolName = (s: string): s is ToolName => (TOOL_NAMES as readonly string[]).includes(s);
