import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('inbox') };
}

/** The inbox itself is the layout (see layout.tsx): nothing more to render here. */
export default function Page() {
  return null;
}
