/**
 * The page tools' part of the side panel, self-contained: it asks the worker for the pending
 * confirmations and the tools' "shared" log, keeps them current from `ui:toolState`, and sends the
 * user's answers. Mounted with one line in the panel.
 */
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { backgroundMessenger as bg, uiReceiver } from '@/lib/protocol/messages';
import type { ToolPanelState } from '@/lib/tools/panel-state';
import { ToolConfirm } from './ToolConfirm';
import { ToolShared } from './ToolShared';
import './ToolPanel.css';

const toolState = signal<ToolPanelState>({ pending: [], shared: [] });
let connected = false;

function connectTools(): void {
  if (connected) return;
  connected = true;
  uiReceiver(chrome.runtime.id).onMessage('ui:toolState', ({ data }) => {
    toolState.value = data;
  });
  void bg.sendMessage('bg:toolState', undefined).then((s) => (toolState.value = s)).catch(() => {});
}

function answer(id: string, allow: boolean): void {
  // Shown as answered at once; the worker's broadcast confirms it.
  toolState.value = { ...toolState.value, pending: toolState.value.pending.filter((p) => p.id !== id) };
  void bg.sendMessage('bg:toolConfirmAnswer', { id, allow }).catch(() => {});
}

export function ToolPanel() {
  useEffect(connectTools, []);
  const s = toolState.value;
  return (
    <>
      <ToolConfirm pending={s.pending} onAnswer={answer} />
      <ToolShared entries={s.shared} />
    </>
  );
}
