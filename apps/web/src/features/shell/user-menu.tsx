'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  KeyboardIcon,
  LanguagesIcon,
  LogOutIcon,
  MonitorIcon,
  MoonIcon,
  SunIcon,
  SunMoonIcon,
  UserRoundCogIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTheme } from 'next-themes';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useMe } from '@/features/auth/me-context';
import { isLocale, locales } from '@/i18n/config';
import { localeNames, setLocaleCookie } from '@/i18n/set-locale';
import { ApiError, api } from '@/lib/api-client';
import { useErrorMessage } from '@/lib/use-error-message';
import { initials } from '@/lib/utils';

export function UserMenu({ onOpenShortcuts }: { onOpenShortcuts: () => void }) {
  const me = useMe();
  const t = useTranslations('shell.userMenu');
  const tRoles = useTranslations('common.roles');
  const router = useRouter();
  const locale = useLocale();
  const { theme, setTheme } = useTheme();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [, startTransition] = useTransition();

  const logout = useMutation({
    mutationFn: () => api('/auth/logout', { method: 'POST' }),
    onSettled: (_data, error) => {
      // A 401 means the session was already gone: signing out has happened either way.
      if (error && !(error instanceof ApiError && error.status === 401)) {
        toast.error(t('signOutFailed'), { description: errorMessage(error) });
        return;
      }
      queryClient.clear();
      router.replace('/login');
      router.refresh();
    },
  });

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="user-menu"
        aria-label={t('open')}
        className="flex items-center gap-2 rounded-full outline-none ring-offset-background focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <Avatar className="size-8 border">
          <AvatarFallback className="bg-primary/15 font-semibold text-primary">
            {initials(me.user.name, me.user.email)}
          </AvatarFallback>
        </Avatar>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="flex flex-col gap-0.5 py-2 font-normal">
          <span className="truncate font-medium text-sm">{me.user.name || me.user.email}</span>
          <span className="truncate text-muted-foreground text-xs">{me.user.email}</span>
          <span className="mt-1 text-muted-foreground text-xs">
            {me.user.isSuperAdmin ? t('superAdminRole', { role: tRoles(me.role) }) : tRoles(me.role)}
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuGroup>
          <DropdownMenuItem asChild>
            <Link href="/settings/profile">
              <UserRoundCogIcon />
              {t('profile')}
            </Link>
          </DropdownMenuItem>
          <DropdownMenuSub>
            <DropdownMenuSubTrigger data-testid="language-menu">
              <LanguagesIcon />
              {t('language')}
            </DropdownMenuSubTrigger>
            <DropdownMenuSubContent>
              <DropdownMenuRadioGroup
                value={locale}
                onValueChange={(value) => {
                  if (!isLocale(value) || value === locale) return;
                  setLocaleCookie(value);
                  startTransition(() => router.refresh());
                }}
              >
                {locales.map((l) => (
                  <DropdownMenuRadioItem key={l} value={l} lang={l} data-testid={`language-${l}`}>
                    {localeNames[l]}
                  </DropdownMenuRadioItem>
                ))}
              </DropdownMenuRadioGroup>
            </DropdownMenuSubContent>
          </DropdownMenuSub>
          <DropdownMenuSub>
            <DropdownMenuSubTrigger data-testid="theme-menu">
              <SunMoonIcon />
              {t('theme')}
            </DropdownMenuSubTrigger>
            <DropdownMenuSubContent>
              <DropdownMenuRadioGroup value={theme ?? 'dark'} onValueChange={setTheme}>
                <DropdownMenuRadioItem value="dark" data-testid="theme-dark">
                  <MoonIcon />
                  {t('themeDark')}
                </DropdownMenuRadioItem>
                <DropdownMenuRadioItem value="light" data-testid="theme-light">
                  <SunIcon />
                  {t('themeLight')}
                </DropdownMenuRadioItem>
                <DropdownMenuRadioItem value="system" data-testid="theme-system">
                  <MonitorIcon />
                  {t('themeSystem')}
                </DropdownMenuRadioItem>
              </DropdownMenuRadioGroup>
            </DropdownMenuSubContent>
          </DropdownMenuSub>
          <DropdownMenuItem onSelect={onOpenShortcuts}>
            <KeyboardIcon />
            {t('shortcuts')}
            <DropdownMenuShortcut>?</DropdownMenuShortcut>
          </DropdownMenuItem>
        </DropdownMenuGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          data-testid="sign-out"
          disabled={logout.isPending}
          onSelect={(event) => {
            event.preventDefault();
            logout.mutate();
          }}
        >
          <LogOutIcon />
          {logout.isPending ? t('signingOut') : t('signOut')}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
