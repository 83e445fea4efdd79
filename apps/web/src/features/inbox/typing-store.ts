'use client';

import { useSyncExternalStore } from 'react';

/** Who is typing where: entries fade after a few seconds without a new signal. */
const ttlMs = 6_000;
type Entry = { userId: string; name: string; at: number };

class TypingStore {
  private byConversation = new Map<string, Entry[]>();
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private empty: Entry[] = [];

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  get = (conversationId: string) => this.byConversation.get(conversationId) ?? this.empty;

  touch(conversationId: string, userId: string, name: string) {
    const list = (this.byConversation.get(conversationId) ?? []).filter((e) => e.userId !== userId);
    this.byConversation.set(conversationId, [...list, { userId, name, at: Date.now() }]);
    this.emit();
    this.schedule();
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      let changed = false;
      for (const [id, list] of this.byConversation) {
        const kept = list.filter((e) => now - e.at < ttlMs);
        if (kept.length !== list.length) {
          changed = true;
          if (kept.length) this.byConversation.set(id, kept);
          else this.byConversation.delete(id);
        }
      }
      if (changed) this.emit();
      if (this.byConversation.size) this.schedule();
    }, 1_000);
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}

export const typingStore = new TypingStore();

export function useTyping(conversationId: string | null) {
  return useSyncExternalStore(
    typingStore.subscribe,
    () => (conversationId ? typingStore.get(conversationId) : typingStore.get('')),
    () => typingStore.get(''),
  );
}
