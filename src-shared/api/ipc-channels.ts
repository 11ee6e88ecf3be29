/**
 * Names of the IPC channels between Electron's preload and main process. Kept apart from the
 * schemas (no zod here) so the sandboxed preload bundle stays a few kilobytes.
 */
export const IPC_CHANNELS = {
  /** invoke(method, params) → ApiReply: one EdgeFrontApi call. */
  apiCall: 'edgefront:api-call',
  /** main → renderer: one pushed ApiEvent. */
  apiEvent: 'edgefront:api-event',
  /** main → renderer: a menu item or an opened file asks for an app command. */
  command: 'edgefront:command',
  /** renderer → main: the renderer's `unsavedChanges` changed. */
  unsaved: 'edgefront:unsaved',
  /** renderer → main: command handlers are registered; queued commands may be delivered. */
  ready: 'edgefront:ready',
  /** invoke({kind}) → path | null: the native open dialog. */
  openDialog: 'edgefront:open-dialog',
  /** invoke({defaultPath?}) → path | null: the native save dialog. */
  saveDialog: 'edgefront:save-dialog',
} as const;
