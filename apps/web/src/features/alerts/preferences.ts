'use client';

import { useCallback, useSyncExternalStore } from 'react';

/**
 * How this browser tells its person about new customer messages. Kept per device (localStorage), as each
 * computer or phone has its own speakers and its own notification permission.
 */
export interface AlertPreferences {
  /** A desktop notification when the app is not in front (needs the browser's permission). */
  desktop: boolean;
  /** A short chime for each new message in a conversation that is theirs or waiting. */
  sound: boolean;
}

const storageKey = 'conversa.alerts';
const defaults: AlertPreferences = { desktop: false, sound: true };
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: AlertPreferences } | undefined;

function read(): AlertPreferences {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(storageKey);
  } catch {
    // Storage blocked: the defaults.
  }
  if (cached?.raw === raw) return cached.value;
  let value = defaults;
  try {
    const saved = raw ? (JSON.parse(raw) as Partial<AlertPreferences>) : {};
    value = {
      desktop: typeof saved.desktop === 'boolean' ? saved.desktop : defaults.desktop,
      sound: typeof saved.sound === 'boolean' ? saved.sound : defaults.sound,
    };
  } catch {
    // Unreadable: the defaults.
  }
  cached = { raw, value };
  return value;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of the same browser changed them.
  const onStorage = (event: StorageEvent) => {
    if (event.key === storageKey) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useAlertPreferences(): [AlertPreferences, (patch: Partial<AlertPreferences>) => void] {
  const value = useSyncExternalStore(subscribe, read, () => defaults);
  const update = useCallback((patch: Partial<AlertPreferences>) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ ...read(), ...patch }));
    } catch {
      // Private mode: the choice lasts until the page closes.
    }
    for (const l of listeners) l();
  }, []);
  return [value, update];
}

/** The browser's answer about notifications: `unsupported` where the API does not exist (some mobiles). */
export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
