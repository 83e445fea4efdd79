import {
  BotIcon,
  ContactRoundIcon,
  InboxIcon,
  LayoutDashboardIcon,
  LayoutTemplateIcon,
  type LucideIcon,
  MegaphoneIcon,
  SettingsIcon,
  SmartphoneIcon,
  WorkflowIcon,
} from 'lucide-react';

export type NavKey =
  | 'dashboard'
  | 'inbox'
  | 'contacts'
  | 'campaigns'
  | 'templates'
  | 'assistant'
  | 'automations'
  | 'channels'
  | 'settings';

export type NavItem = {
  key: NavKey;
  href: string;
  icon: LucideIcon /** second key after `g` */;
  shortcut: string;
};

export const navGroups: { key: 'engage' | 'automate' | 'configure'; items: NavItem[] }[] = [
  {
    key: 'engage',
    items: [
      { key: 'dashboard', href: '/', icon: LayoutDashboardIcon, shortcut: 'd' },
      { key: 'inbox', href: '/inbox', icon: InboxIcon, shortcut: 'i' },
      { key: 'contacts', href: '/contacts', icon: ContactRoundIcon, shortcut: 'c' },
      { key: 'campaigns', href: '/campaigns', icon: MegaphoneIcon, shortcut: 'p' },
      { key: 'templates', href: '/templates', icon: LayoutTemplateIcon, shortcut: 't' },
    ],
  },
  {
    key: 'automate',
    items: [
      { key: 'assistant', href: '/assistant', icon: BotIcon, shortcut: 'a' },
      { key: 'automations', href: '/automations', icon: WorkflowIcon, shortcut: 'u' },
    ],
  },
  {
    key: 'configure',
    items: [
      { key: 'channels', href: '/channels', icon: SmartphoneIcon, shortcut: 'n' },
      { key: 'settings', href: '/settings', icon: SettingsIcon, shortcut: 's' },
    ],
  },
];

export const navItems = navGroups.flatMap((g) => g.items);

export const isActive = (pathname: string, href: string) =>
  href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
