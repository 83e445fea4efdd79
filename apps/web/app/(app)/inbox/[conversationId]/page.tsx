import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('inbox') };
}

/** The open conversation is read from the URL by the inbox layout, which stays mounted between conversations. */
export default function Page() {
  return null;
}
