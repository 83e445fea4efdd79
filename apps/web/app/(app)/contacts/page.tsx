import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ContactsList } from '@/features/contacts/contacts-list';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('contacts') };
}

export default function ContactsPage() {
  return <ContactsList />;
}
