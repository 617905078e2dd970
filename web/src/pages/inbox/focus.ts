/** "Open it and put me in the reply box" (the r key in the queue), carried over to the conversation screen. */
let wanted = false;

export function requestReplyFocus(): void {
  wanted = true;
}

/** True once after requestReplyFocus(). */
export function takeReplyFocus(): boolean {
  const w = wanted;
  wanted = false;
  return w;
}
